namespace Smf.Sharding.Internal;

/// <summary>Something with output to write at the end of the current loop iteration (a connection's coalesced frames).</summary>
internal interface ILoopFlush
{
    /// <summary>Writes what was queued during the iteration; runs on the loop thread.</summary>
    void Flush();
}
