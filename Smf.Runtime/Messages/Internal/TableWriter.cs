using Google.FlatBuffers;

namespace Smf.Messages.Internal;

/// <summary>Finishes one message in a builder: the object's table, or an empty table for <see langword="null"/>.</summary>
internal static class TableWriter
{
    public static void Finish<T>(FlatBufferBuilder builder, T? value)
        where T : class, IRpcObject<T>
    {
        int root;
        if (value is null)
        {
            builder.StartTable(0);
            root = builder.EndTable();
        }
        else
        {
            root = T.Pack(builder, value);
        }

        builder.Finish(root);
    }
}
