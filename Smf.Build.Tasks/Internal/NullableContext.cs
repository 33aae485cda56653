namespace Smf.Build.Tasks.Internal;

/// <summary>
/// The <c>#nullable</c> directive generated files carry, from the project's <c>Nullable</c> setting.
/// Generated code always needs annotations on (it declares <c>string?</c> members, and generated files
/// start with nullable disabled), so <c>disable</c> maps to <c>enable annotations</c>: the annotations
/// stay, the nullable warnings of the generated code are off, and nothing changes for the project's own code.
/// </summary>
internal sealed class NullableContext
{
    private const string Directive = "#nullable ";

    private NullableContext(string directive)
    {
        DirectiveText = directive;
    }

    /// <summary>The directive line, e.g. <c>#nullable enable</c>.</summary>
    public string DirectiveText { get; }

    public static NullableContext Parse(string? value, List<BuildMessage> messages)
    {
        switch ((value ?? string.Empty).Trim().ToUpperInvariant())
        {
            case "":
            case "ENABLE":
            case "WARNINGS":
                return new NullableContext(Directive + "enable");
            case "ANNOTATIONS":
            case "DISABLE":
                return new NullableContext(Directive + "enable annotations");
            default:
                messages.Add(new BuildMessage(BuildCodes.InvalidNullable, string.Empty, $"The Nullable value '{value}' is not valid; use enable, disable, annotations or warnings."));
                return new NullableContext(Directive + "enable");
        }
    }

    /// <summary>Replaces the generator's first <c>#nullable</c> line (before any code) with this context's, or adds one after the leading comment lines.</summary>
    public string Apply(string text)
    {
        var lines = text.Split('\n').ToList();
        var insertAt = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.StartsWith(Directive, StringComparison.Ordinal))
            {
                lines[i] = DirectiveText;
                return string.Join("\n", lines);
            }

            if (line.StartsWith("//", StringComparison.Ordinal) && insertAt == i)
            {
                insertAt = i + 1;
                continue;
            }

            if (line.Length > 0 && !line.StartsWith("//", StringComparison.Ordinal) && !line.StartsWith("#", StringComparison.Ordinal))
            {
                break;
            }
        }

        lines.Insert(insertAt, DirectiveText);
        return string.Join("\n", lines);
    }
}
