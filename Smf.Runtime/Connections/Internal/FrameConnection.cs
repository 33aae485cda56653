using System.Diagnostics;
using System.Net;
using Smf.Internal;
using Smf.Protocol;
using Smf.Sharding.Internal;
using Smf.Transport.Internal;

namespace Smf.Connections.Internal;

/// <summary>
/// What every connection does, client or server: reads frames with a <see cref="FrameReader"/>, writes them with a
/// <see cref="FrameWriter"/> flushed after each read it handled and at the end of each loop iteration (unless the
/// subclass holds its write for a while, <see cref="WaitsBeforeWriting"/>), pauses reading
/// while the peer does not read what is written (output backpressure) or while the owner asks, and closes once. The
/// protocol side (what a frame means) is the subclass's. Shard-thread only.
/// </summary>
internal abstract class FrameConnection : ITransportHandler, ILoopFlush
{
    private readonly ITransport _transport;
    private readonly long _outputPauseThreshold;
    private bool _flushScheduled;
    private bool _pausedForOutput;
    private bool _pausedByOwner;

    protected FrameConnection(ShardLoop loop, ITransport transport, FrameReader reader, long outputPauseThreshold, OversizeArrays? oversize = null)
    {
        Loop = loop;
        _transport = transport;
        Reader = reader;
        Writer = new FrameWriter(oversize);
        _outputPauseThreshold = outputPauseThreshold;
    }

    public ShardLoop Loop { get; }

    public EndPoint? RemoteEndPoint => _transport.RemoteEndPoint;

    /// <summary>The certificate the peer presented in the TLS handshake, if any.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? RemoteCertificate => _transport.RemoteCertificate;

    public ConnectionState State { get; private set; } = ConnectionState.Open;

    public bool IsClosed => State == ConnectionState.Closed;

    protected FrameReader Reader { get; }

    protected FrameWriter Writer { get; }

    /// <summary>Whether frames are still being written or waited for.</summary>
    protected bool HasUnsentOutput => Writer.HasPending;

    public void Start() => _transport.Start(this);

    public void OnReadable()
    {
        if (State != ConnectionState.Open || _pausedForOutput || _pausedByOwner)
        {
            return;
        }

        var limit = ReceiveLimit;
        if (limit == 0)
        {
            // Nothing may be read until the owner has room (it resumes reading itself).
            return;
        }

        TransportResult result;
        try
        {
            result = Reader.ReceiveFrom(_transport, limit);
        }
        catch (OutOfMemoryException)
        {
            // A buffer for a large frame could not be had: this connection ends, the shard keeps serving.
            OnOutOfMemory();
            return;
        }

        switch (result.Status)
        {
            case TransportStatus.WouldBlock:
                return;
            case TransportStatus.EndOfStream:
                OnEndOfStream(Reader.HasPartialFrame);
                return;
            case TransportStatus.Failed:
                OnReceiveFailed(Reader.HasPartialFrame);
                return;
        }

        OnBytesReceived(result.Bytes);
        ProcessFrames();
        Reader.ReleaseIfIdle();
        if (_flushScheduled && !WaitsBeforeWriting())
        {
            // What this read answered goes out now, as the peer's next requests depend on it, rather than after the
            // other connections of this iteration have been read; what is queued later goes at the iteration's end.
            WriteQueued();
        }
    }

    public void OnWritable(int transferred, bool failed)
    {
        if (IsClosed)
        {
            return;
        }

        if (failed)
        {
            Close(CloseReason.PeerReset, null);
            return;
        }

        Writer.OnWritable(transferred);
        OnBytesSent(transferred);
        WriteQueued();
    }

    public void OnTransportFailed()
    {
        if (!IsClosed)
        {
            OnReceiveFailed(Reader.HasPartialFrame);
        }
    }

    /// <summary>Writes the frames queued during this iteration; the loop calls it at the iteration's end.</summary>
    public void Flush()
    {
        if (WaitsBeforeWriting())
        {
            // Still scheduled: frames queued meanwhile join this write.
            Loop.HoldFlush(this);
            return;
        }

        _flushScheduled = false;
        WriteQueued();
    }

    /// <summary>Closes the transport and releases the buffers; the subclass then fails or forgets what it holds. Idempotent.</summary>
    public void Close(CloseReason reason, Exception? error)
    {
        if (IsClosed)
        {
            return;
        }

        State = ConnectionState.Closed;
        _transport.Close();
        Reader.Release();
        Writer.Dispose();
        OnClosed(reason, error);
    }

    /// <summary>Queues one frame for the end of this iteration.</summary>
    protected void WriteFrame(in RpcHeader header, ReadOnlySpan<byte> payload)
    {
        Writer.Write(header, payload);
        OnFrameQueued();
    }

    /// <summary>Schedules the flush of frames the subclass wrote into <see cref="Writer"/> and applies output backpressure.</summary>
    protected void OnFrameQueued()
    {
        if (!_flushScheduled)
        {
            _flushScheduled = true;
            Loop.ScheduleFlush(this);
        }

        if (!_pausedForOutput && Writer.PendingBytes > _outputPauseThreshold)
        {
            _pausedForOutput = true;
            OnReadPaused("the peer is not reading what is sent to it");
            UpdateReadInterest();
        }
    }

    /// <summary>Stops or resumes reading for the subclass's own reasons (for example a memory budget).</summary>
    protected void SetPausedByOwner(bool paused)
    {
        _pausedByOwner = paused;
        UpdateReadInterest();
    }

    /// <summary>Stops reading for good; the connection closes once <see cref="IsDrained"/> holds and output is flushed.</summary>
    protected void BeginDrain()
    {
        if (State != ConnectionState.Open)
        {
            return;
        }

        State = ConnectionState.Draining;
        UpdateReadInterest();
        CloseIfDrained();
    }

    /// <summary>Closes a draining connection whose work is done and whose output is written.</summary>
    protected void CloseIfDrained()
    {
        Debug.Assert(State != ConnectionState.Open, "Only a draining connection closes when drained.");
        if (State == ConnectionState.Draining && IsDrained && !HasUnsentOutput)
        {
            Close(DrainedCloseReason, null);
        }
    }

    /// <summary>Handles the frames received so far: calls <see cref="FrameReader.Next"/> until it needs more bytes.</summary>
    protected abstract void ProcessFrames();

    /// <summary>Releases what the subclass holds for a closed connection.</summary>
    protected abstract void OnClosed(CloseReason reason, Exception? error);

    /// <summary>The peer finished sending; <paramref name="midFrame"/> when it stopped inside a frame.</summary>
    protected abstract void OnEndOfStream(bool midFrame);

    /// <summary>Whether a draining connection has no work of its own left (calls in flight).</summary>
    protected abstract bool IsDrained { get; }

    /// <summary>The reason a drained connection closes with.</summary>
    protected virtual CloseReason DrainedCloseReason => CloseReason.ServerStopping;

    /// <summary>
    /// Whether the frames queued now wait before they are written (asked after a read and at the end of each iteration,
    /// until it says no); never by default. A subclass bounds the wait itself.
    /// </summary>
    protected virtual bool WaitsBeforeWriting() => false;

    /// <summary>The most bytes the next read may take (the subclass's memory budget); unlimited by default.</summary>
    protected virtual int ReceiveLimit => int.MaxValue;

    /// <summary>A receive buffer could not be allocated; the connection closes.</summary>
    protected virtual void OnOutOfMemory() => Close(CloseReason.OutOfMemory, new InsufficientMemoryException("There was not enough memory to receive a frame."));

    /// <summary>Reading failed; <paramref name="midFrame"/> when a frame was partly received.</summary>
    protected virtual void OnReceiveFailed(bool midFrame) => Close(CloseReason.PeerReset, null);

    protected virtual void OnBytesReceived(int count)
    {
    }

    protected virtual void OnBytesSent(int count)
    {
    }

    protected virtual void OnReadPaused(string reason)
    {
    }

    private void WriteQueued()
    {
        if (IsClosed)
        {
            return;
        }

        var status = Writer.Flush(_transport, out var sent);
        OnBytesSent(sent);
        if (status == TransportStatus.Failed)
        {
            Close(CloseReason.PeerReset, null);
            return;
        }

        if (status == TransportStatus.Done && _pausedForOutput)
        {
            _pausedForOutput = false;
            UpdateReadInterest();
            ProcessFrames();
        }

        if (State == ConnectionState.Draining)
        {
            CloseIfDrained();
        }
    }

    private void UpdateReadInterest()
    {
        if (!IsClosed)
        {
            _transport.SetReadInterest(State == ConnectionState.Open && !_pausedForOutput && !_pausedByOwner);
        }
    }
}
