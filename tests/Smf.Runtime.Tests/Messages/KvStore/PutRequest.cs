using Google.FlatBuffers;
using Smf.Messages;

namespace Smf.Runtime.Tests.Messages.KvStore;

/// <summary>
/// Hand-written accessor of <c>kvstore.fbs.PutRequest { key: string; value: string; }</c>, shaped like
/// flatc's C# output plus the <see cref="IRpcTable{TSelf}"/> plug-in generated code adds.
/// </summary>
internal struct PutRequest : IFlatbufferObject, IRpcTable<PutRequest>
{
    private Table _table;

    public readonly ByteBuffer ByteBuffer => _table.bb;

    public readonly string? Key => String(4);

    public readonly string? Value => String(6);

    public void __init(int _i, ByteBuffer _bb) => _table = new Table(_i, _bb);

    public static Offset<PutRequest> Create(FlatBufferBuilder builder, StringOffset key, StringOffset value)
    {
        builder.StartTable(2);
        builder.AddOffset(1, value.Value, 0);
        builder.AddOffset(0, key.Value, 0);
        return new Offset<PutRequest>(builder.EndTable());
    }

    public static bool Verify(ReadOnlySpan<byte> buffer, out string? error)
    {
        var valid = Verify(buffer);
        error = valid ? null : "Google's FlatBuffers verifier rejected the PutRequest table";
        return valid;
    }

    public static bool Verify(ReadOnlySpan<byte> buffer) =>
        new Verifier(new ByteBuffer(buffer.ToArray()), new Options()).VerifyBuffer(null, false, VerifyTable);

    private static bool VerifyTable(Verifier verifier, uint position) =>
        verifier.VerifyTableStart(position)
        && verifier.VerifyString(position, 4, false)
        && verifier.VerifyString(position, 6, false)
        && verifier.VerifyTableEnd(position);

    private readonly string? String(int field)
    {
        var offset = _table.__offset(field);
        return offset == 0 ? null : _table.__string(offset + _table.bb_pos);
    }
}
