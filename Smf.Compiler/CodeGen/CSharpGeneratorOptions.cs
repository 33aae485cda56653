using Smf.Compiler.CodeGen.Services;

namespace Smf.Compiler.CodeGen;

/// <summary>Options of <see cref="CSharpGenerator"/>.</summary>
public sealed class CSharpGeneratorOptions
{
    /// <summary>The access modifier of every generated type. Defaults to <see cref="CSharpAccessibility.Public"/>.</summary>
    public CSharpAccessibility Accessibility { get; set; } = CSharpAccessibility.Public;

    /// <summary>
    /// A C# namespace that replaces the schema namespace of every declaration (e.g. <c>MyApp.Messages</c>), or
    /// <see langword="null"/> to use the schema namespaces. Defaults to <see langword="null"/>. Apply the same
    /// override to every unit of one project: references to types of other schema files use it too.
    /// </summary>
    public string? NamespaceOverride { get; set; }

    /// <summary>
    /// Which code each <c>rpc_service</c> generates (see <see cref="ServiceCodeKinds"/>). Defaults to
    /// <see cref="ServiceCodeKinds.Both"/>: the server base class and the typed client.
    /// </summary>
    public ServiceCodeKinds Services { get; set; } = ServiceCodeKinds.Both;

    /// <summary>Checks the options once, before generation.</summary>
    /// <exception cref="ArgumentException">When <see cref="NamespaceOverride"/> is not a dotted C# identifier.</exception>
    internal void Validate()
    {
        if (Accessibility != CSharpAccessibility.Public && Accessibility != CSharpAccessibility.Internal)
        {
            throw new ArgumentOutOfRangeException(nameof(Accessibility), Accessibility, "The accessibility '" + Accessibility + "' is not supported; use Public or Internal.");
        }

        if (NamespaceOverride is null)
        {
            return;
        }

        var parts = NamespaceOverride.Split('.');
        foreach (var part in parts)
        {
            if (!IsIdentifier(part))
            {
                throw new ArgumentException("The namespace override '" + NamespaceOverride + "' is not a dotted C# identifier such as 'MyApp.Messages'.", nameof(NamespaceOverride));
            }
        }
    }

    private static bool IsIdentifier(string text)
    {
        if (text.Length == 0 || CSharpNames.IsKeyword(text) || !(char.IsLetter(text[0]) || text[0] == '_'))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
