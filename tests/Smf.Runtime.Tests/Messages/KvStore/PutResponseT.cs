using Google.FlatBuffers;
using Smf.Messages;

namespace Smf.Runtime.Tests.Messages.KvStore;

/// <summary>Hand-written object-API class of the empty table <c>kvstore.fbs.PutResponse</c>.</summary>
internal sealed class PutResponseT : IRpcObject<PutResponseT>
{
    public static int Pack(FlatBufferBuilder builder, PutResponseT value)
    {
        builder.StartTable(0);
        return builder.EndTable();
    }
}
