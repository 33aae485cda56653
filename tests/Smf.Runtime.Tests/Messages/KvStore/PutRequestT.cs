using Google.FlatBuffers;
using Smf.Messages;

namespace Smf.Runtime.Tests.Messages.KvStore;

/// <summary>Hand-written object-API class of <c>kvstore.fbs.PutRequest</c>.</summary>
internal sealed class PutRequestT : IRpcObject<PutRequestT>
{
    public string? Key { get; set; }

    public string? Value { get; set; }

    public static int Pack(FlatBufferBuilder builder, PutRequestT value)
    {
        var key = value.Key is null ? default : builder.CreateString(value.Key);
        var data = value.Value is null ? default : builder.CreateString(value.Value);
        return PutRequest.Create(builder, key, data).Value;
    }
}
