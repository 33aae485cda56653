using System.Globalization;
using Smf.Compiler.Schema;

namespace Smf.Cli.Describe;

/// <summary>The text form of <c>smf describe</c>: aligned columns, ids in decimal and hex.</summary>
internal static class SchemaTextWriter
{
    public static void Write(SchemaModel model, TextWriter output)
    {
        foreach (var service in model.Services)
        {
            output.WriteLine($"service {service.FullName}  id {Id(service.SmfServiceId)}");
            foreach (var method in service.Methods)
            {
                output.WriteLine($"  {method.Name}({method.Request.FullName}):{method.Response.FullName}" + (method.Streaming is { } s and not "none" ? $"  (streaming: {s})" : string.Empty));
                output.WriteLine($"    method id   {Id(method.SmfMethodId)}  crc32 \"{method.SmfMethodSignature}\"");
                output.WriteLine($"    request id  {Id(method.SmfRequestId)}  service id ^ method id");
            }

            output.WriteLine();
        }

        foreach (var declaration in model.Declarations)
        {
            switch (declaration)
            {
                case TableDefinition table:
                    WriteTable(table, output);
                    break;
                case StructDefinition value:
                    WriteStruct(value, output);
                    break;
                case EnumDefinition value:
                    output.WriteLine($"enum {value.FullName} : {SchemaType.ScalarName(value.UnderlyingType)}" + (value.IsBitFlags ? " (bit_flags)" : string.Empty));
                    foreach (var item in value.Values)
                    {
                        output.WriteLine($"  {item.Name} = {item.ValueText}");
                    }

                    output.WriteLine();
                    break;
                case UnionDefinition union:
                    output.WriteLine($"union {union.FullName}  (type codes in the ubyte field x_type)");
                    foreach (var member in union.Members)
                    {
                        output.WriteLine($"  {member.Name} = {member.Value.ToString(CultureInfo.InvariantCulture)}" + (member.Type is { } type ? $"  {type}" : string.Empty));
                    }

                    output.WriteLine();
                    break;
            }
        }
    }

    private static void WriteTable(TableDefinition table, TextWriter output)
    {
        output.WriteLine($"table {table.FullName}  {table.SlotCount} vtable slots" + (table.KeyField is { } key ? $", key {key.Name}" : string.Empty));
        var rows = new List<string[]> { new[] { "slot", "voffset", "field", "type", "size", "default", "flags" } };
        foreach (var field in table.Fields)
        {
            if (field.UnionTypeId >= 0)
            {
                var typeOfType = field.Type.Kind == SchemaTypeKind.Vector ? "[ubyte]" : "ubyte";
                rows.Add([field.UnionTypeId.ToString(CultureInfo.InvariantCulture), (4 + (2 * field.UnionTypeId)).ToString(CultureInfo.InvariantCulture), field.Name + "_type", typeOfType, field.Type.Kind == SchemaTypeKind.Vector ? "4" : "1", field.Type.Kind == SchemaTypeKind.Vector ? string.Empty : "NONE", string.Empty]);
            }

            rows.Add([
                field.Id.ToString(CultureInfo.InvariantCulture),
                field.VTableOffset.ToString(CultureInfo.InvariantCulture),
                field.Name,
                field.Type.ToString(),
                field.Type.InlineSize.ToString(CultureInfo.InvariantCulture),
                DefaultText(field),
                Flags(field),
            ]);
        }

        WriteRows(rows, output);
        output.WriteLine();
    }

    private static void WriteStruct(StructDefinition value, TextWriter output)
    {
        output.WriteLine($"struct {value.FullName}  size {value.Size}, align {value.Alignment}" + (value.ForceAlign is { } f ? $" (force_align {f})" : string.Empty));
        var rows = new List<string[]> { new[] { "offset", "size", "padding", "field", "type" } };
        foreach (var field in value.Fields)
        {
            rows.Add([
                field.Offset.ToString(CultureInfo.InvariantCulture),
                field.Size.ToString(CultureInfo.InvariantCulture),
                field.Padding.ToString(CultureInfo.InvariantCulture),
                field.Name,
                field.Type.ToString(),
            ]);
        }

        WriteRows(rows, output);
        output.WriteLine();
    }

    internal static string DefaultText(FieldDefinition field)
    {
        if (field.Default.Kind == DefaultValueKind.None)
        {
            return string.Empty;
        }

        if (field.Type.Kind == SchemaTypeKind.Enum && field.Default.Kind == DefaultValueKind.Integer && field.Default.EnumValues.Count > 0)
        {
            return string.Join(" ", field.Default.EnumValues.Select(v => v.Name));
        }

        return field.Default.ToString();
    }

    internal static string Flags(FieldDefinition field)
    {
        var flags = new List<string>();
        if (field.IsRequired) flags.Add("required");
        if (field.IsKey) flags.Add("key");
        if (field.IsDeprecated) flags.Add("deprecated");
        if (field.IsOptional) flags.Add("optional");
        if (field.NestedFlatBuffer is { } nested) flags.Add("nested_flatbuffer:" + nested.FullName);
        if (field.IsFlexBuffer) flags.Add("flexbuffer");
        return string.Join(",", flags);
    }

    private static string Id(uint id) => id.ToString(CultureInfo.InvariantCulture) + " (0x" + id.ToString("X8", CultureInfo.InvariantCulture) + ")";

    private static void WriteRows(List<string[]> rows, TextWriter output)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            output.WriteLine(("  " + string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c])))).TrimEnd());
        }
    }
}
