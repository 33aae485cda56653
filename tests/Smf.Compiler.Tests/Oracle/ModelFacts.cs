using System.Globalization;
using Smf.Compiler.Schema;

namespace Smf.Compiler.Tests.Oracle;

/// <summary>Prints our model as the same fact lines flatc_oracle.cpp prints from Google's parser.</summary>
internal static class ModelFacts
{
    public static List<string> Describe(SchemaModel model)
    {
        var facts = new List<string>();
        foreach (var declaration in model.Declarations)
        {
            var name = declaration.FullName;
            switch (declaration)
            {
                case StructDefinition s:
                    facts.Add(Invariant($"struct {name} size {s.Size} align {s.Alignment}"));
                    foreach (var f in s.Fields)
                    {
                        facts.Add(Invariant($"sfield {name}.{f.Name} offset {f.Offset} padding {f.Padding}"));
                    }

                    break;
                case TableDefinition t:
                    facts.Add("table " + name);
                    foreach (var f in t.Fields)
                    {
                        if (f.UnionTypeId >= 0)
                        {
                            facts.Add(Invariant($"tfield {name}.{f.Name}_type id {f.UnionTypeId}"));
                        }

                        facts.Add(Invariant($"tfield {name}.{f.Name} id {f.Id}"));
                    }

                    break;
                case EnumDefinition e:
                    facts.Add("enum " + name + " " + SchemaType.ScalarName(e.UnderlyingType));
                    foreach (var v in e.Values)
                    {
                        facts.Add("enumval " + name + "." + v.Name + " " + v.ValueText);
                    }

                    break;
                case UnionDefinition u:
                    facts.Add("union " + name);
                    foreach (var m in u.Members)
                    {
                        var type = m.Type is null ? "NONE" : m.Type.Kind == SchemaTypeKind.String ? "string" : m.Type.Definition!.FullName;
                        facts.Add(Invariant($"member {name}.{m.Name} {m.Value} {type}"));
                    }

                    break;
                case ServiceDefinition v:
                    facts.Add("service " + name);
                    foreach (var m in v.Methods)
                    {
                        facts.Add("method " + name + "." + m.Name + " " + m.Request.FullName + " " + m.Response.FullName + " streaming=" + (m.Streaming ?? "none"));
                    }

                    break;
            }
        }

        facts.Sort(StringComparer.Ordinal);
        return facts;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
