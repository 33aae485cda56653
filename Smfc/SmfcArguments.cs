namespace Smf.Smfc;

/// <summary>The parsed command line: <c>--filename f.fbs [--include_dirs a,b] [--output_path dir] [--language csharp]</c>.</summary>
internal sealed class SmfcArguments
{
    public List<string> Files { get; } = new();

    public List<string> IncludeDirectories { get; } = new();

    public string? OutputPath { get; private set; }

    public string Language { get; private set; } = "csharp";

    public bool ShowHelp { get; private set; }

    public const string Usage =
        "usage: smfc --filename <schema.fbs> [--include_dirs <dir>,<dir>] [--output_path <dir>] [--language csharp]\n" +
        "  --filename       schema file to compile (repeat for several)\n" +
        "  --include_dirs   comma-separated directories searched for includes, after the including file's directory\n" +
        "  --output_path    directory for generated code (default: validate only)\n" +
        "  --language       generated language; only 'csharp' is supported";

    /// <summary>Parses flags written <c>--flag value</c> or <c>--flag=value</c>; returns null and sets <paramref name="error"/> when invalid.</summary>
    public static SmfcArguments? Parse(IReadOnlyList<string> args, out string? error)
    {
        var result = new SmfcArguments();
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h" or "-?")
            {
                result.ShowHelp = true;
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                error = "Unexpected argument '" + arg + "'; flags start with '--' (see --help).";
                return null;
            }

            var name = arg.Substring(2);
            string? value = null;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                value = name.Substring(equals + 1);
                name = name.Substring(0, equals);
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }

            if (value is null || value.Length == 0)
            {
                error = "The flag '--" + name + "' needs a value.";
                return null;
            }

            switch (name)
            {
                case "filename":
                    result.Files.Add(value);
                    break;
                case "include_dirs":
                    foreach (var directory in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        result.IncludeDirectories.Add(directory);
                    }

                    break;
                case "output_path":
                    result.OutputPath = value;
                    break;
                case "language":
                    if (value != "csharp")
                    {
                        error = "The language '" + value + "' is not supported; use '--language csharp'.";
                        return null;
                    }

                    result.Language = value;
                    break;
                default:
                    error = "Unknown flag '--" + name + "' (see --help).";
                    return null;
            }
        }

        if (!result.ShowHelp && result.Files.Count == 0)
        {
            error = "No schema given; pass '--filename <schema.fbs>'.";
            return null;
        }

        return result;
    }
}
