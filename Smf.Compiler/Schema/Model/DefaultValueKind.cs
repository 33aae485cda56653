namespace Smf.Compiler.Schema;

/// <summary>What a <see cref="DefaultValue"/> holds.</summary>
public enum DefaultValueKind
{
    /// <summary>No default: the field is not a scalar (string, vector, table, struct, union value).</summary>
    None,

    /// <summary><c>= null</c>: an optional scalar (nullable in C#).</summary>
    Null,

    /// <summary>A <c>bool</c> default.</summary>
    Bool,

    /// <summary>An integer default (also enum fields; see <see cref="DefaultValue.EnumValues"/>).</summary>
    Integer,

    /// <summary>A <c>float</c>/<c>double</c> default, possibly NaN or infinite.</summary>
    Float,
}
