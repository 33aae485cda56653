using System.Runtime.InteropServices;

namespace Smf.Sharding.Internal;

/// <summary>The Linux system calls a shard uses to own its sockets: epoll, eventfd, recv/send, affinity.</summary>
internal static unsafe partial class LinuxInterop
{
    public const int EpollCtlAdd = 1;
    public const int EpollCtlDel = 2;
    public const int EpollCtlMod = 3;
    public const uint EpollIn = 0x001;
    public const uint EpollOut = 0x004;
    public const uint EpollErr = 0x008;
    public const uint EpollHup = 0x010;
    public const uint EpollRdHup = 0x2000;
    public const uint EpollEt = 0x80000000;
    public const int EpollCloexec = 0x80000;
    public const int EfdCloexec = 0x80000;
    public const int EfdNonblock = 0x800;
    public const int MsgNoSignal = 0x4000;
    public const int MsgDontWait = 0x40;
    public const int EAgain = 11;
    public const int EIntr = 4;

    private const string Libc = "libc";

    /// <summary>Bytes per <c>struct epoll_event</c>: packed (12) on x86-64, naturally aligned (16) elsewhere.</summary>
    public static readonly int EpollEventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    /// <summary>Offset of the 64-bit data field inside <c>struct epoll_event</c>.</summary>
    public static readonly int EpollDataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    [LibraryImport(Libc, EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate1(int flags);

    [LibraryImport(Libc, EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int EpollCtl(int epfd, int op, int fd, byte* evt);

    [LibraryImport(Libc, EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epfd, byte* events, int maxEvents, int timeout);

    [LibraryImport(Libc, EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initialValue, int flags);

    [LibraryImport(Libc, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport(Libc, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport(Libc, EntryPoint = "recv", SetLastError = true)]
    public static partial nint Recv(int fd, byte* buffer, nint length, int flags);

    [LibraryImport(Libc, EntryPoint = "send", SetLastError = true)]
    public static partial nint Send(int fd, byte* buffer, nint length, int flags);

    [LibraryImport(Libc, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Libc, EntryPoint = "sched_getaffinity", SetLastError = true)]
    public static partial int SchedGetAffinity(int pid, nint cpuSetSize, byte* mask);

    [LibraryImport(Libc, EntryPoint = "sched_setaffinity", SetLastError = true)]
    public static partial int SchedSetAffinity(int pid, nint cpuSetSize, byte* mask);

    /// <summary>Adds, changes or removes <paramref name="fd"/> in <paramref name="epfd"/>; returns 0 or the errno.</summary>
    public static int Control(int epfd, int op, int fd, uint events, ulong data)
    {
        var evt = stackalloc byte[16];
        *(uint*)evt = events;
        *(ulong*)(evt + EpollDataOffset) = data;
        return EpollCtl(epfd, op, fd, evt) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    /// <summary>The CPUs the calling thread may run on (its affinity mask), in increasing order; empty if unknown.</summary>
    public static int[] AllowedCpus()
    {
        const int maskBytes = 128;
        var mask = stackalloc byte[maskBytes];
        if (SchedGetAffinity(0, maskBytes, mask) != 0)
        {
            return [];
        }

        var cpus = new List<int>();
        for (var cpu = 0; cpu < maskBytes * 8; cpu++)
        {
            if ((mask[cpu / 8] & (1 << (cpu % 8))) != 0)
            {
                cpus.Add(cpu);
            }
        }

        return [.. cpus];
    }

    /// <summary>Pins the calling thread to one CPU; returns 0 or the errno.</summary>
    public static int PinCurrentThread(int cpu)
    {
        const int maskBytes = 128;
        var mask = stackalloc byte[maskBytes];
        new Span<byte>(mask, maskBytes).Clear();
        mask[cpu / 8] = (byte)(1 << (cpu % 8));
        return SchedSetAffinity(0, maskBytes, mask) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }
}
