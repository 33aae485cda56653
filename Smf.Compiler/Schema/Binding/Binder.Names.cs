using System.Text;

namespace Smf.Compiler.Schema;

internal sealed partial class Binder
{
    private static readonly HashSet<string> KnownAttributes = new(StringComparer.Ordinal)
    {
        "deprecated", "required", "key", "id", "force_align", "nested_flatbuffer", "flexbuffer", "hash", "shared",
        "original_order", "csharp_partial", "private", "streaming", "idempotent", "bit_flags",

        // Known to flatc 25.x; rejected on use (SMF0516), since 64-bit offsets are not supported.
        "offset64", "vector64",
    };

    /// <summary>The user attribute that marks the field generated clients route by; it must be declared, as any user attribute.</summary>
    private const string RoutingKeyAttribute = "routing_key";

    private readonly StringBuilder _nameBuilder = new();

    /// <summary>Lookup results per namespace array (the parser shares one array per namespace statement) and name.</summary>
    private readonly Dictionary<string[], Dictionary<string, Symbol?>> _lookupCache = new();

    /// <summary>Looks a type name up from a namespace: current namespace, then each parent, then global.</summary>
    private Symbol? Lookup(string name, string[] @namespace)
    {
        if (!_lookupCache.TryGetValue(@namespace, out var cache))
        {
            cache = new Dictionary<string, Symbol?>(StringComparer.Ordinal);
            _lookupCache.Add(@namespace, cache);
        }

        if (!cache.TryGetValue(name, out var symbol))
        {
            symbol = LookupUncached(name, @namespace);
            cache.Add(name, symbol);
        }

        return symbol;
    }

    private Symbol? LookupUncached(string name, string[] @namespace)
    {
        for (var depth = @namespace.Length; depth >= 0; depth--)
        {
            string candidate;
            if (depth == 0)
            {
                candidate = name;
            }
            else
            {
                _nameBuilder.Clear();
                for (var i = 0; i < depth; i++)
                {
                    _nameBuilder.Append(@namespace[i]).Append('.');
                }

                candidate = _nameBuilder.Append(name).ToString();
            }

            if (_types.TryGetValue(candidate, out var symbol))
            {
                return symbol;
            }
        }

        return null;
    }

    private void ReportUnknownType(string name, string[] @namespace, SourceLocation location)
    {
        var where = @namespace.Length == 0 ? "the global namespace" : "namespace '" + string.Join(".", @namespace) + "'";
        _diagnostics.Add(DiagnosticCodes.UnknownType, "The type '" + name + "' is not declared (looked up from " + where + " and its parents; check the namespace and the includes).", location);
    }

    private static IReadOnlyList<SchemaAttribute> ConvertAttributes(List<AttributeSyntax> syntax)
    {
        if (syntax.Count == 0)
        {
            return Array.Empty<SchemaAttribute>();
        }

        var result = new SchemaAttribute[syntax.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var a = syntax[i];
            result[i] = new SchemaAttribute(a.Name, a.Value is null ? null : a.Value.Kind == ValueKind.String ? a.Value.Text : a.Value.Display, a.Value is { Kind: ValueKind.String }, a.Location);
        }

        return result;
    }

    /// <summary>Reports attributes that are neither known, C++-only (native_*, cpp_*) nor declared before use.</summary>
    private void CheckAttributes(List<AttributeSyntax> attributes, long useOrder)
    {
        foreach (var attribute in attributes)
        {
            var name = attribute.Name;
            if (KnownAttributes.Contains(name) || name.StartsWith("native_", StringComparison.Ordinal) || name.StartsWith("cpp_", StringComparison.Ordinal))
            {
                continue;
            }

            if (_declaredAttributes.TryGetValue(name, out var declaredAt) && declaredAt < useOrder)
            {
                continue;
            }

            _diagnostics.Add(DiagnosticCodes.UndeclaredAttribute, "The attribute '" + name + "' is not known; declare it first with 'attribute \"" + name + "\";'.", attribute.Location);
        }
    }

    private static AttributeSyntax? FindAttribute(List<AttributeSyntax> attributes, string name)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.Name == name)
            {
                return attribute;
            }
        }

        return null;
    }

    /// <summary>Reads an integer attribute value such as <c>id: 3</c>; reports and returns false when it is not a non-negative integer.</summary>
    private bool TryGetIntegerAttribute(AttributeSyntax attribute, long max, out long value)
    {
        value = 0;
        if (attribute.Value is { Kind: ValueKind.Integer or ValueKind.String } v && !v.Negative && Numbers.TryParseInteger(v.Text, out var magnitude) && magnitude <= (ulong)max)
        {
            value = (long)magnitude;
            return true;
        }

        if (attribute.Value is { Kind: not (ValueKind.Integer or ValueKind.String) })
        {
            // The parser already reported a value that is neither an integer nor a string.
            return false;
        }

        var shown = attribute.Value is null ? "nothing" : "'" + attribute.Value.Display + "'";
        _diagnostics.Add(DiagnosticCodes.InvalidAttributeValue, "The attribute '" + attribute.Name + "' needs an integer value between 0 and " + max.ToString(System.Globalization.CultureInfo.InvariantCulture) + ", but got " + shown + ".", attribute.Value?.Location ?? attribute.Location);
        return false;
    }
}
