using System.Runtime.InteropServices;

namespace Smf.Sharding.Internal;

/// <summary>
/// A shard's own epoll instance plus an eventfd that other threads write to wake it. Registered descriptors are
/// identified by a slot number carried in the event's data field; only the owning shard thread registers,
/// changes and dispatches.
/// </summary>
internal sealed unsafe class EpollPoller : IShardPoller
{
    private const int MaxEvents = 256;
    private const ulong WakeSlot = ulong.MaxValue;

    private readonly int _epfd;
    private readonly int _eventFd;
    private readonly byte* _events;
    private readonly List<IEpollHandler?> _handlers = [];
    private readonly Stack<int> _freeSlots = new();
    private readonly Action<Exception> _onHandlerFailed;
    private int _disposed;

    public EpollPoller(Action<Exception> onHandlerFailed)
    {
        _onHandlerFailed = onHandlerFailed;
        _epfd = LinuxInterop.EpollCreate1(LinuxInterop.EpollCloexec);
        if (_epfd < 0)
        {
            throw new InvalidOperationException($"epoll_create1 failed with errno {Marshal.GetLastPInvokeError()}.");
        }

        _eventFd = LinuxInterop.EventFd(0, LinuxInterop.EfdCloexec | LinuxInterop.EfdNonblock);
        if (_eventFd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            LinuxInterop.Close(_epfd);
            throw new InvalidOperationException($"eventfd failed with errno {errno}.");
        }

        var error = LinuxInterop.Control(_epfd, LinuxInterop.EpollCtlAdd, _eventFd, LinuxInterop.EpollIn, WakeSlot);
        if (error != 0)
        {
            LinuxInterop.Close(_eventFd);
            LinuxInterop.Close(_epfd);
            throw new InvalidOperationException($"epoll_ctl(ADD eventfd) failed with errno {error}.");
        }

        _events = (byte*)NativeMemory.Alloc((nuint)(MaxEvents * LinuxInterop.EpollEventSize));
    }

    /// <summary>Registers <paramref name="fd"/>; returns the slot to pass to <see cref="Modify"/> and <see cref="Remove"/>.</summary>
    /// <exception cref="IOException">epoll_ctl failed.</exception>
    public int Add(int fd, uint events, IEpollHandler handler)
    {
        int slot;
        if (_freeSlots.Count > 0)
        {
            slot = _freeSlots.Pop();
            _handlers[slot] = handler;
        }
        else
        {
            slot = _handlers.Count;
            _handlers.Add(handler);
        }

        var error = LinuxInterop.Control(_epfd, LinuxInterop.EpollCtlAdd, fd, events, (ulong)slot);
        if (error != 0)
        {
            _handlers[slot] = null;
            _freeSlots.Push(slot);
            throw new IOException($"epoll_ctl(ADD fd {fd}) failed with errno {error}.");
        }

        return slot;
    }

    /// <summary>Changes the events <paramref name="fd"/> is watched for; returns 0 or the errno.</summary>
    public int Modify(int fd, int slot, uint events) => LinuxInterop.Control(_epfd, LinuxInterop.EpollCtlMod, fd, events, (ulong)slot);

    /// <summary>Stops watching <paramref name="fd"/> and frees its slot; call before closing the descriptor.</summary>
    public void Remove(int fd, int slot)
    {
        LinuxInterop.Control(_epfd, LinuxInterop.EpollCtlDel, fd, 0, 0);
        _handlers[slot] = null;
        _freeSlots.Push(slot);
    }

    public bool Poll(int timeoutMilliseconds)
    {
        var count = LinuxInterop.EpollWait(_epfd, _events, MaxEvents, timeoutMilliseconds);
        if (count <= 0)
        {
            return false;
        }

        var dispatched = false;
        for (var i = 0; i < count; i++)
        {
            var entry = _events + (i * LinuxInterop.EpollEventSize);
            var events = *(uint*)entry;
            var data = *(ulong*)(entry + LinuxInterop.EpollDataOffset);
            if (data == WakeSlot)
            {
                ulong value;
                LinuxInterop.Read(_eventFd, (byte*)&value, sizeof(ulong));
                continue;
            }

            // A handler earlier in this batch may have closed the descriptor and freed its slot.
            var handler = _handlers[(int)data];
            if (handler is not null)
            {
                try
                {
                    handler.OnEpollEvents(events);
                }
                catch (Exception e)
                {
                    // A bug in a handler must not take the shard, and every other connection, down with it.
                    _onHandlerFailed(e);
                }

                dispatched = true;
            }
        }

        return dispatched;
    }

    public void Wake()
    {
        ulong one = 1;
        LinuxInterop.Write(_eventFd, (byte*)&one, sizeof(ulong));
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        LinuxInterop.Close(_eventFd);
        LinuxInterop.Close(_epfd);
        NativeMemory.Free(_events);
    }
}
