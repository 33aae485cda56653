using Google.FlatBuffers;
using Smf.Messages;

namespace Smf.Runtime.Tests.Messages.KvStore;

/// <summary>Hand-written accessor of the empty table <c>kvstore.fbs.PutResponse {}</c>.</summary>
internal struct PutResponse : IFlatbufferObject, IRpcTable<PutResponse>
{
    private Table _table;

    public readonly ByteBuffer ByteBuffer => _table.bb;

    public readonly int Position => _table.bb_pos;

    public void __init(int _i, ByteBuffer _bb) => _table = new Table(_i, _bb);

    public static bool Verify(ReadOnlySpan<byte> buffer, out string? error)
    {
        var valid = Verify(buffer);
        error = valid ? null : "Google's FlatBuffers verifier rejected the PutResponse table";
        return valid;
    }

    public static bool Verify(ReadOnlySpan<byte> buffer) =>
        new Verifier(new ByteBuffer(buffer.ToArray()), new Options()).VerifyBuffer(null, false, static (verifier, position) =>
            verifier.VerifyTableStart(position) && verifier.VerifyTableEnd(position));
}
