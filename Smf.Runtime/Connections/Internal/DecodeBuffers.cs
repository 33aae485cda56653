using Smf.Diagnostics;
using Smf.Protocol;

namespace Smf.Connections.Internal;

/// <summary>The two buffers the incoming filters of one frame alternate between; owned by whoever keeps the plain payload.</summary>
internal sealed class DecodeBuffers : IDisposable
{
    private const int MaxRetainedBytes = 256 * 1024;

    public PooledBufferWriter First { get; } = new();

    public PooledBufferWriter Second { get; } = new();

    /// <summary>The metadata of the frame's payload headers; <see langword="null"/> when it had none.</summary>
    public RpcMetadata? Metadata { get; set; }

    /// <summary>Forgets the content and gives back what a large payload made them grow to.</summary>
    public void Clear()
    {
        First.Clear(MaxRetainedBytes);
        Second.Clear(MaxRetainedBytes);
        Metadata = null;
    }

    public void Dispose()
    {
        First.Dispose();
        Second.Dispose();
    }
}
