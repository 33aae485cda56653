namespace Smf.Json;

/// <summary>JSON that does not match the schema: the message names the JSON path and, where there is one, the schema field.</summary>
public sealed class FlatBufferJsonException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">A sentence saying what is wrong; it starts with <paramref name="jsonPath"/>.</param>
    /// <param name="jsonPath">Where in the JSON, e.g. <c>$.weapons[1].damage</c> (<c>$</c> is the document).</param>
    /// <param name="schemaField">The schema field, e.g. <c>Test.Everything.Weapon.damage</c>, or <see langword="null"/>.</param>
    public FlatBufferJsonException(string message, string jsonPath, string? schemaField)
        : base(message)
    {
        JsonPath = jsonPath;
        SchemaField = schemaField;
    }

    /// <summary>Where in the JSON the problem is, e.g. <c>$.weapons[1].damage</c>.</summary>
    public string JsonPath { get; }

    /// <summary>The schema field the JSON value was meant for (<c>Namespace.Table.field</c>), or <see langword="null"/> when the problem is not a field's (an unknown field, a document that is not an object).</summary>
    public string? SchemaField { get; }
}
