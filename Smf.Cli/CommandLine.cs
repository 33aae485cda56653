using System.Globalization;

namespace Smf.Cli;

/// <summary>
/// A parsed command line: options that take a value (<c>--name value</c>, <c>--name=value</c>, <c>-x value</c>),
/// flags (<c>--json</c>), and the positional arguments in order. <c>--</c> ends the options.
/// </summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private CommandLine()
    {
    }

    /// <summary>The positional arguments.</summary>
    public List<string> Positionals { get; } = [];

    /// <summary>Parses <paramref name="args"/>. Each spec entry maps a spelling (<c>-c</c>, <c>--connections</c>) to its canonical name; names in <paramref name="flags"/> take no value.</summary>
    /// <exception cref="CliUsageException">An unknown option, or an option without its value.</exception>
    public static CommandLine Parse(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> spellings, IReadOnlySet<string> flags)
    {
        var result = new CommandLine();
        var optionsEnded = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (optionsEnded || arg.Length < 2 || arg[0] != '-' || LooksLikeNumber(arg))
            {
                result.Positionals.Add(arg);
                continue;
            }

            if (arg == "--")
            {
                optionsEnded = true;
                continue;
            }

            string? inline = null;
            var spelling = arg;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                spelling = arg[..equals];
                inline = arg[(equals + 1)..];
            }

            if (!spellings.TryGetValue(spelling, out var name))
            {
                throw new CliUsageException($"Unknown option '{spelling}'; the options are {string.Join(", ", spellings.Keys.Order(StringComparer.Ordinal))} (see --help).");
            }

            if (flags.Contains(name))
            {
                if (inline is not null)
                {
                    throw new CliUsageException($"The option '{spelling}' takes no value; write it alone.");
                }

                result._flags.Add(name);
                continue;
            }

            var value = inline ?? (i + 1 < args.Count ? args[++i] : throw new CliUsageException($"The option '{spelling}' needs a value."));
            if (!result._values.TryGetValue(name, out var list))
            {
                result._values[name] = list = [];
            }

            list.Add(value);
        }

        return result;
    }

    /// <summary>Whether a flag was given.</summary>
    public bool Has(string name) => _flags.Contains(name);

    /// <summary>Every value given for an option, in order.</summary>
    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var list) ? list : [];

    /// <summary>The value of an option given at most once, or null.</summary>
    /// <exception cref="CliUsageException">The option was given more than once.</exception>
    public string? Single(string name) => All(name) switch
    {
        [] => null,
        [var one] => one,
        _ => throw new CliUsageException($"The option '--{name}' is given more than once."),
    };

    /// <summary>A positive integer option, or <paramref name="fallback"/> when absent.</summary>
    /// <exception cref="CliUsageException">The value is not an integer in <paramref name="min"/>..<paramref name="max"/>.</exception>
    public long Integer(string name, long fallback, long min, long max)
    {
        if (Single(name) is not { } text)
        {
            return fallback;
        }

        if (!long.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new CliUsageException($"'--{name} {text}' is not valid; give a whole number from {min} to {max}.");
        }

        return value;
    }

    /// <summary>A duration option (<c>500ms</c>, <c>10s</c>, <c>2m</c>, <c>1.5s</c>; a bare number is seconds), or <paramref name="fallback"/> when absent.</summary>
    /// <exception cref="CliUsageException">The value is not a duration, or is negative.</exception>
    public TimeSpan Duration(string name, TimeSpan fallback)
    {
        if (Single(name) is not { } text)
        {
            return fallback;
        }

        return ParseDuration(text) ?? throw new CliUsageException($"'--{name} {text}' is not a duration; write e.g. 500ms, 10s, 2m or 1.5s.");
    }

    /// <summary>Parses <c>500ms</c>, <c>10s</c>, <c>2m</c>, <c>1h</c>, <c>250us</c> or a bare number of seconds; null when invalid or negative.</summary>
    public static TimeSpan? ParseDuration(string text)
    {
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 1e-3)
            : text.EndsWith("us", StringComparison.Ordinal) ? (text[..^2], 1e-6)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : text.EndsWith('h') ? (text[..^1], 3600.0)
            : (text, 1.0);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || !double.IsFinite(value) || value * unit > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return null;
        }

        return TimeSpan.FromSeconds(value * unit);
    }

    private static bool LooksLikeNumber(string arg) => arg.Length > 1 && arg[0] == '-' && char.IsAsciiDigit(arg[1]);
}
