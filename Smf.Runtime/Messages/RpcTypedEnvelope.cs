using Google.FlatBuffers;
using Smf.Protocol;

namespace Smf.Messages;

/// <summary>
/// A message to send, in object-API form: the data, plus the header fields the sender controls (the
/// status of a reply and the compression hint). A handler returns one as its reply; a client passes one
/// as a request. The smf C++ equivalent is <c>smf::rpc_typed_envelope&lt;T&gt;</c>.
/// </summary>
/// <remarks>
/// This is a small mutable struct so that returning a reply allocates nothing beyond the data object.
/// Set its properties on the variable you return, not on a copy. The session, size and checksum of the
/// header are filled in by the transport when the frame is written.
/// </remarks>
/// <typeparam name="T">The object-API class of the table, for example <c>PutResponseT</c>.</typeparam>
public struct RpcTypedEnvelope<T>
    where T : class, IRpcObject<T>
{
    /// <summary>The status sent when none is set: 200, as in HTTP.</summary>
    public const uint DefaultStatus = 200;

    private uint _status;

    /// <summary>Creates an envelope holding <paramref name="data"/> with status 200.</summary>
    /// <param name="data">The message; <see langword="null"/> sends an empty table (every field at its default).</param>
    public RpcTypedEnvelope(T? data)
    {
        Data = data;
    }

    /// <summary>
    /// The message to serialize. <see langword="null"/> (the default) serializes an empty table, which
    /// readers see as a table whose fields all have their default values.
    /// </summary>
    public T? Data { get; set; }

    /// <summary>
    /// The status code put in the meta field of a reply header. Defaults to <see cref="DefaultStatus"/> (200).
    /// Ignored on requests, whose meta field carries the request id.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is 0, which smf clients cannot handle.</exception>
    public uint Status
    {
        readonly get => _status == 0 ? DefaultStatus : _status;
        set
        {
            if (value == 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Status 0 breaks smf clients; use an HTTP-like code such as 200, 404 or 500.");
            }

            _status = value;
        }
    }

    /// <summary>
    /// The compression hint for this message. <see cref="CompressionFlags.None"/> (the default) lets the
    /// outgoing filters compress the payload when it is large enough; <see cref="CompressionFlags.Disabled"/>
    /// asks them to leave it as is.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not <see cref="CompressionFlags.None"/> or <see cref="CompressionFlags.Disabled"/>.</exception>
    public CompressionFlags Compression
    {
        readonly get;
        set
        {
            if (value is not (CompressionFlags.None or CompressionFlags.Disabled))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"Only '{CompressionFlags.None}' or '{CompressionFlags.Disabled}' can be requested; the filters choose the actual compression.");
            }

            field = value;
        }
    }

    /// <summary>
    /// Serializes <see cref="Data"/> as a finished FlatBuffer (no size prefix, no file identifier) into
    /// <paramref name="builder"/>, which is cleared first.
    /// </summary>
    /// <param name="builder">The builder to use; reusing one per thread or shard avoids allocation.</param>
    /// <returns>The payload bytes, inside the builder's buffer: valid until the builder is used again.</returns>
    public readonly ArraySegment<byte> Serialize(FlatBufferBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Clear();
        int root;
        if (Data is null)
        {
            builder.StartTable(0);
            root = builder.EndTable();
        }
        else
        {
            root = T.Pack(builder, Data);
        }

        builder.Finish(root);
        return builder.DataBuffer.ToArraySegment(builder.DataBuffer.Position, builder.Offset);
    }
}
