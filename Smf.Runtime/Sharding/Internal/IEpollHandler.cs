namespace Smf.Sharding.Internal;

/// <summary>Receives the readiness events of one file descriptor registered with an <see cref="EpollPoller"/>.</summary>
internal interface IEpollHandler
{
    /// <summary>Called on the shard thread with the <c>EPOLL*</c> bits that are ready.</summary>
    void OnEpollEvents(uint events);
}
