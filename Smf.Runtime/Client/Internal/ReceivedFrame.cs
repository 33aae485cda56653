using Smf.Protocol;

namespace Smf.Client.Internal;

/// <summary>
/// A validated reply handed from the read loop to the waiting call: its header (compression none, plain
/// size and checksum) and an array rented from <see cref="System.Buffers.ArrayPool{T}.Shared"/> whose first
/// <see cref="RpcHeader.Size"/> bytes are the payload. Whoever holds it owns the array.
/// </summary>
internal readonly record struct ReceivedFrame(RpcHeader Header, byte[] Array);
