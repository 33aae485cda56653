using System.Text.Json;
using Smf.Compiler.Schema;

namespace Smf.Cli.Describe;

/// <summary>The <c>--json</c> form of <c>smf describe</c>: <c>services</c> with their ids, then <c>tables</c>, <c>structs</c>, <c>enums</c> and <c>unions</c>.</summary>
internal static class SchemaJsonWriter
{
    public static void Write(SchemaModel model, Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteStartArray("services");
        foreach (var service in model.Services)
        {
            json.WriteStartObject();
            json.WriteString("name", service.Name);
            json.WriteString("fullName", service.FullName);
            json.WriteNumber("serviceId", service.SmfServiceId);
            json.WriteStartArray("methods");
            foreach (var method in service.Methods)
            {
                json.WriteStartObject();
                json.WriteString("name", method.Name);
                json.WriteString("request", method.Request.FullName);
                json.WriteString("response", method.Response.FullName);
                json.WriteString("signature", method.SmfMethodSignature);
                json.WriteNumber("methodId", method.SmfMethodId);
                json.WriteNumber("requestId", method.SmfRequestId);
                json.WriteString("streaming", method.Streaming ?? "none");
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("tables");
        foreach (var table in model.Tables)
        {
            json.WriteStartObject();
            json.WriteString("name", table.FullName);
            json.WriteNumber("slots", table.SlotCount);
            json.WriteStartArray("fields");
            foreach (var field in table.Fields)
            {
                json.WriteStartObject();
                json.WriteString("name", field.Name);
                json.WriteString("type", field.Type.ToString());
                json.WriteNumber("slot", field.Id);
                json.WriteNumber("vtableOffset", field.VTableOffset);
                if (field.UnionTypeId >= 0)
                {
                    json.WriteNumber("typeSlot", field.UnionTypeId);
                }

                json.WriteNumber("inlineSize", field.Type.InlineSize);
                if (field.Default.Kind != DefaultValueKind.None)
                {
                    json.WriteString("default", SchemaTextWriter.DefaultText(field));
                }

                json.WriteBoolean("required", field.IsRequired);
                json.WriteBoolean("key", field.IsKey);
                json.WriteBoolean("deprecated", field.IsDeprecated);
                json.WriteBoolean("optional", field.IsOptional);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("structs");
        foreach (var value in model.Structs)
        {
            json.WriteStartObject();
            json.WriteString("name", value.FullName);
            json.WriteNumber("size", value.Size);
            json.WriteNumber("alignment", value.Alignment);
            json.WriteStartArray("fields");
            foreach (var field in value.Fields)
            {
                json.WriteStartObject();
                json.WriteString("name", field.Name);
                json.WriteString("type", field.Type.ToString());
                json.WriteNumber("offset", field.Offset);
                json.WriteNumber("size", field.Size);
                json.WriteNumber("padding", field.Padding);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("enums");
        foreach (var value in model.Enums)
        {
            json.WriteStartObject();
            json.WriteString("name", value.FullName);
            json.WriteString("underlyingType", SchemaType.ScalarName(value.UnderlyingType));
            json.WriteBoolean("bitFlags", value.IsBitFlags);
            json.WriteStartObject("values");
            foreach (var item in value.Values)
            {
                json.WritePropertyName(item.Name);
                json.WriteRawValue(item.ValueText);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("unions");
        foreach (var union in model.Unions)
        {
            json.WriteStartObject();
            json.WriteString("name", union.FullName);
            json.WriteStartArray("members");
            foreach (var member in union.Members)
            {
                json.WriteStartObject();
                json.WriteString("name", member.Name);
                json.WriteNumber("value", member.Value);
                if (member.Type is { } type)
                {
                    json.WriteString("type", type.ToString());
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
