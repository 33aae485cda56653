using Smf.Protocol.Filters;
using Smf.Transport;

namespace Smf.Internal;

/// <summary>The one way options classes report a bad setting: the exception names the class, the property and the value.</summary>
internal static class OptionCheck
{
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="valid"/> is false.</exception>
    public static void Range<TValue>(bool valid, string options, string name, TValue value, string rule)
    {
        if (!valid)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{options}.{name} {rule}; '{value}' was given.");
        }
    }

    /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
    public static void NotNull(object? value, string options, string name)
    {
        if (value is null)
        {
            throw new ArgumentNullException(name, $"{options}.{name} must not be null.");
        }
    }

    /// <summary>Checks a timeout: positive, or <see cref="Timeout.InfiniteTimeSpan"/> when <paramref name="infiniteAllowed"/>.</summary>
    public static void Timeout(TimeSpan value, string options, string name, bool zeroAllowed = false, bool infiniteAllowed = true)
    {
        var valid = (value > TimeSpan.Zero && value <= MaxTimeout)
            || (zeroAllowed && value == TimeSpan.Zero)
            || (infiniteAllowed && value == System.Threading.Timeout.InfiniteTimeSpan);
        if (valid)
        {
            // Calls check their timeout on every call: no message is built for a valid one.
            return;
        }

        Range(valid, options, name, value, infiniteAllowed
            ? $"must be {(zeroAllowed ? "zero or " : string.Empty)}positive (at most {MaxTimeout.TotalDays:F0} days) or Timeout.InfiniteTimeSpan"
            : $"must be {(zeroAllowed ? "zero or " : string.Empty)}positive (at most {MaxTimeout.TotalDays:F0} days)");
    }

    /// <summary>The longest timeout timers accept.</summary>
    public static TimeSpan MaxTimeout { get; } = TimeSpan.FromMilliseconds(int.MaxValue);

    /// <summary>Replaces the filter lists of an options copy with the entries of the original's.</summary>
    public static void CopyFilters(
        IList<IIncomingFrameFilter> incoming, IList<IOutgoingFrameFilter> outgoing, IList<IIncomingFrameFilter> incomingCopy, IList<IOutgoingFrameFilter> outgoingCopy)
    {
        incomingCopy.Clear();
        foreach (var filter in incoming)
        {
            incomingCopy.Add(filter);
        }

        outgoingCopy.Clear();
        foreach (var filter in outgoing)
        {
            outgoingCopy.Add(filter);
        }
    }

    /// <exception cref="ArgumentException">A filter list holds null.</exception>
    public static void Filters(IList<IIncomingFrameFilter> incoming, IList<IOutgoingFrameFilter> outgoing, string options)
    {
        if (incoming.Contains(null!) || outgoing.Contains(null!))
        {
            throw new ArgumentException($"{options}.IncomingFilters and OutgoingFilters must not contain null entries.");
        }
    }

    /// <exception cref="PlatformNotSupportedException">The epoll transport was asked for off Linux.</exception>
    public static void Transport(RpcTransport transport, string options)
    {
        if (transport == RpcTransport.Epoll && !OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException($"{options}.{nameof(Transport)} is '{RpcTransport.Epoll}', which needs Linux; use '{RpcTransport.Auto}' or '{RpcTransport.Socket}'.");
        }
    }

    /// <summary><see cref="RpcTransport.Auto"/> made concrete: epoll on Linux, sockets elsewhere.</summary>
    public static RpcTransport Resolve(RpcTransport transport) =>
        transport != RpcTransport.Auto ? transport : OperatingSystem.IsLinux() ? RpcTransport.Epoll : RpcTransport.Socket;
}
