namespace Smf.Compiler.Schema;

internal static class AttributeLookup
{
    public static SchemaAttribute? Find(IReadOnlyList<SchemaAttribute> attributes, string name)
    {
        for (var i = 0; i < attributes.Count; i++)
        {
            if (attributes[i].Name == name)
            {
                return attributes[i];
            }
        }

        return null;
    }
}
