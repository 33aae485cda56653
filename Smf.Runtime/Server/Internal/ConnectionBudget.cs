namespace Smf.Server.Internal;

/// <summary>
/// One connection's part of its shard's <see cref="InFlightBudget"/>: what it holds (its calls in flight, the frame
/// being received, a compressed frame waiting to decompress), its share cap, and what it waits for. The connection
/// pauses its reads while <see cref="IsWaiting"/>. Shard-thread only.
/// </summary>
internal sealed class ConnectionBudget(ServerShard shard, ServerConnection connection)
{
    private long _held;
    private bool _grantForHeldFrame;

    /// <summary>Budget reserved for the payload of the frame being received.</summary>
    public long FrameReserved { get; private set; }

    /// <summary>The bytes waited for in the shard's line (0 when not in it).</summary>
    public long Request { get; private set; }

    /// <summary>Waiting in the shard's line.</summary>
    public bool WaitingForShard { get; private set; }

    /// <summary>Waiting for the connection's own calls to finish (over its share).</summary>
    public bool WaitingForOwnCalls { get; private set; }

    public bool IsWaiting => WaitingForShard || WaitingForOwnCalls;

    /// <summary>When waiting in the shard's line must end, in shard-clock ticks (0: no deadline).</summary>
    public long WaitDeadline { get; private set; }

    /// <summary>
    /// Covers the current frame's bytes received so far plus the next read (a receive buffer's worth, or the rest of
    /// the frame); false when the connection must wait.
    /// </summary>
    public bool CoverFrame(long frameSize, long received, int inFlight)
    {
        var target = Math.Min(frameSize, received + (long)shard.Options.ReceiveBufferSize);
        if (FrameReserved >= target)
        {
            return true;
        }

        _grantForHeldFrame = false;
        if (!TryHold(target - FrameReserved, inFlight))
        {
            return false;
        }

        FrameReserved = target;
        return true;
    }

    /// <summary>Reserves the bytes a held compressed frame decompresses to; false when the connection must wait.</summary>
    public bool CoverDecoded(long decoded, int inFlight)
    {
        _grantForHeldFrame = true;
        return TryHold(decoded, inFlight);
    }

    /// <summary>Takes the current frame's reservation, which now belongs to its call.</summary>
    public long TakeFrame()
    {
        var reserved = FrameReserved;
        FrameReserved = 0;
        return reserved;
    }

    /// <summary>The shard granted <see cref="Request"/>; true when it was for a held compressed frame.</summary>
    public bool OnGranted()
    {
        _held += Request;
        if (!_grantForHeldFrame)
        {
            FrameReserved += Request;
        }

        Request = 0;
        WaitingForShard = false;
        WaitDeadline = 0;
        return _grantForHeldFrame;
    }

    /// <summary>A call of this connection finished; true when the connection waited for that.</summary>
    public bool OnCallEnded(long reserved)
    {
        _held -= reserved;
        var resume = WaitingForOwnCalls;
        WaitingForOwnCalls = false;
        return resume;
    }

    /// <summary>Gives back <paramref name="bytes"/> this connection held (a rejected frame).</summary>
    public void Release(long bytes)
    {
        shard.Budget.Release(bytes);
        _held -= bytes;
    }

    /// <summary>Gives back the current frame's reservation and <paramref name="heldFrameBytes"/>; leaves the line.</summary>
    public void ReleaseOwn(long heldFrameBytes)
    {
        var own = TakeFrame() + heldFrameBytes;
        if (own > 0)
        {
            Release(own);
        }

        if (WaitingForShard)
        {
            shard.Budget.Forget();
        }
    }

    private bool TryHold(long bytes, int inFlight)
    {
        // One connection may exceed its share only with nothing in flight, so a single large frame is still served.
        if (inFlight > 0 && _held + bytes > shard.Options.MaxInFlightBytesPerConnection!.Value)
        {
            WaitingForOwnCalls = true;
            shard.LogReadPaused(connection, "the connection holds its whole share of the in-flight budget");
            return false;
        }

        if (!shard.Budget.TryReserve(connection, bytes))
        {
            WaitingForShard = true;
            Request = bytes;
            WaitDeadline = shard.BudgetWaitTicks > 0 ? shard.Now() + shard.BudgetWaitTicks : 0;
            shard.LogReadPaused(connection, "the shard's in-flight budget is exhausted");
            return false;
        }

        _held += bytes;
        return true;
    }
}
