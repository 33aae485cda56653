using System.Runtime.InteropServices;

namespace Smf.Bench.LoadGenerator.Smf;

/// <summary>The few Linux calls the smf client loop makes directly (no .NET socket engine in the path).</summary>
internal static unsafe partial class Libc
{
    public const int EpollCtlAdd = 1;
    public const int EpollCtlMod = 3;
    public const uint EpollIn = 0x001;
    public const uint EpollOut = 0x004;
    public const uint EpollErr = 0x008;
    public const uint EpollHup = 0x010;
    public const int EpollCloexec = 0x80000;
    public const int EAGAIN = 11;
    public const int EINTR = 4;

    /// <summary>struct epoll_event is packed (12 bytes) on x86-64 and naturally aligned (16 bytes) elsewhere.</summary>
    public static readonly int EpollEventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    public static readonly int EpollDataOffset = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 4 : 8;

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    public static partial int EpollCreate1(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    public static partial int EpollCtl(int epfd, int op, int fd, byte* ev);

    [LibraryImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    public static partial int EpollWait(int epfd, byte* events, int maxEvents, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    /// <summary>Registers or modifies <paramref name="fd"/> in <paramref name="epfd"/> with <paramref name="data"/> as its cookie.</summary>
    public static void Control(int epfd, int op, int fd, uint events, ulong data)
    {
        var ev = stackalloc byte[16];
        *(uint*)ev = events;
        *(ulong*)(ev + EpollDataOffset) = data;
        if (EpollCtl(epfd, op, fd, ev) != 0)
        {
            throw new IOException($"epoll_ctl(op {op}, fd {fd}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }
}
