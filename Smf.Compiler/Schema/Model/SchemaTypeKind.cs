namespace Smf.Compiler.Schema;

/// <summary>What a <see cref="SchemaType"/> denotes.</summary>
public enum SchemaTypeKind
{
    /// <summary>A built-in scalar; see <see cref="SchemaType.Scalar"/>.</summary>
    Scalar,

    /// <summary><c>string</c>.</summary>
    String,

    /// <summary><c>[T]</c>; see <see cref="SchemaType.ElementType"/>.</summary>
    Vector,

    /// <summary><c>[T:N]</c> (structs only); see <see cref="SchemaType.ElementType"/> and <see cref="SchemaType.ArrayLength"/>.</summary>
    Array,

    /// <summary>A table; see <see cref="SchemaType.Table"/>.</summary>
    Table,

    /// <summary>A struct; see <see cref="SchemaType.Struct"/>.</summary>
    Struct,

    /// <summary>An enum (stored as its underlying scalar); see <see cref="SchemaType.Enum"/>.</summary>
    Enum,

    /// <summary>A union (two vtable slots: type and value); see <see cref="SchemaType.Union"/>.</summary>
    Union,
}
