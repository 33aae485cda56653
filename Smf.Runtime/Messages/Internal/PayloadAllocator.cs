using Google.FlatBuffers;

namespace Smf.Messages.Internal;

/// <summary>
/// A read-only <see cref="ByteBufferAllocator"/> that can be pointed at another array, so that one
/// <see cref="ByteBuffer"/> serves every payload a pooled request context or response wraps.
/// </summary>
internal sealed class PayloadAllocator : ByteBufferAllocator
{
    public PayloadAllocator() => Reset([]);

    /// <summary>Makes the buffer read <paramref name="array"/>.</summary>
    public void Reset(byte[] array)
    {
        Buffer = array;
        Length = array.Length;
    }

    /// <summary>Never called: received payloads are only read.</summary>
    public override void GrowFront(int newSize) =>
        throw new InvalidOperationException("A received payload is read-only; it cannot grow.");
}
