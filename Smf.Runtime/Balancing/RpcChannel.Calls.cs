using System.Runtime.CompilerServices;
using Google.FlatBuffers;
using Smf.Balancing.Internal;
using Smf.Client;
using Smf.Messages;

namespace Smf.Balancing;

/// <summary>The calls of <see cref="RpcChannel"/>: the three shapes of <see cref="RpcClient"/>, over a picked endpoint.</summary>
public sealed partial class RpcChannel : IRpcCallInvoker
{
    /// <summary>The call shapes as values, so one loop picks, sends and retries all of them.</summary>
    private interface IChannelCall<TResult>
    {
        ValueTask<TResult> SendAsync(RpcClient client, in RpcCallOptions options);
    }

    /// <inheritdoc cref="RpcClient.CallAsync(uint, ReadOnlyMemory{byte}, RpcCallOptions)"/>
    public ValueTask<RpcResponse> CallAsync(uint requestId, ReadOnlyMemory<byte> payload, RpcCallOptions options = default)
    {
        if (payload.IsEmpty)
        {
            throw new ArgumentException("An smf payload cannot be empty; even an empty table finishes to 12 bytes.", nameof(payload));
        }

        return CallAsync<RawCall, RpcResponse>(new RawCall(requestId, payload), options);
    }

    /// <inheritdoc cref="RpcClient.CallAsync{TRequest, TResponse}(uint, TRequest, RpcCallOptions)"/>
    public ValueTask<RpcResponse<TResponse>> CallAsync<TRequest, TResponse>(uint requestId, TRequest? request, RpcCallOptions options = default)
        where TRequest : class, IRpcObject<TRequest>
        where TResponse : struct, IFlatbufferObject, IRpcTable<TResponse> =>
        CallAsync<TypedCall<TRequest, TResponse>, RpcResponse<TResponse>>(new TypedCall<TRequest, TResponse>(requestId, request), options);

    /// <inheritdoc cref="RpcClient.CallAsync{TRequest, TResponse, TResult}(uint, TRequest, Func{TResponse, TResult}, RpcCallOptions)"/>
    public ValueTask<TResult> CallAsync<TRequest, TResponse, TResult>(uint requestId, TRequest? request, Func<TResponse, TResult> read, RpcCallOptions options = default)
        where TRequest : class, IRpcObject<TRequest>
        where TResponse : struct, IFlatbufferObject, IRpcTable<TResponse>
    {
        ArgumentNullException.ThrowIfNull(read);
        return CallAsync<ReadCall<TRequest, TResponse, TResult>, TResult>(new ReadCall<TRequest, TResponse, TResult>(requestId, request, read), options);
    }

    /// <summary>Picks an endpoint and sends; a call that may go to another endpoint after a failure takes the retrying path.</summary>
    private ValueTask<TResult> CallAsync<TCall, TResult>(TCall call, RpcCallOptions options)
        where TCall : struct, IChannelCall<TResult>
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        if (_members is { } members && (!options.IsIdempotent || _options.MaxAttempts == 1))
        {
            // One attempt: the endpoint's client is the whole call (it ejects the endpoint itself when its connection fails).
            var keyHash = options.RoutingKey.IsNone ? 0 : options.RoutingKey.Hash();
            return call.SendAsync(Pick(members, options, keyHash, default).Client, options);
        }

        return CallWithRetriesAsync<TCall, TResult>(call, options);
    }

    /// <summary>Picks an endpoint, sends, and for idempotent calls sends again elsewhere after a connection failure.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<TResult> CallWithRetriesAsync<TCall, TResult>(TCall call, RpcCallOptions options)
        where TCall : struct, IChannelCall<TResult>
    {
        var timeout = options.Timeout ?? _client.CallTimeout;
        var started = _clock.GetTimestamp();
        var members = await MembersAsync(options.CancellationToken).ConfigureAwait(false);
        var keyHash = options.RoutingKey.IsNone ? 0 : options.RoutingKey.Hash();
        var tried = new TriedList();
        for (var attempt = 1; ; attempt++)
        {
            var member = Pick(members, options, keyHash, tried.AsSpan());
            var attemptOptions = options;
            if (attempt > 1 && timeout != Timeout.InfiniteTimeSpan)
            {
                var left = timeout - _clock.GetElapsedTime(started);
                if (left <= TimeSpan.Zero)
                {
                    throw new TimeoutException($"The call's deadline of {timeout.TotalMilliseconds} ms passed after {attempt - 1} attempts on endpoints that failed to connect.");
                }

                attemptOptions = options with { Timeout = left };
            }

            try
            {
                return await call.SendAsync(member.Client, attemptOptions).ConfigureAwait(false);
            }
            catch (RpcConnectionException) when (!_disposed.IsCancellationRequested)
            {
                // The endpoint's client has ejected it already (RpcClient.ConnectionFailed); this call tries elsewhere.
                if (!options.IsIdempotent || attempt >= _options.MaxAttempts)
                {
                    throw;
                }

                RpcChannelLog.CallRetried(_logger, member.Name, attempt + 1);
                tried.Add(member);
                members = _members ?? members;
            }
        }
    }

    /// <summary>The endpoint of the next attempt, or the connection error that says why there is none.</summary>
    private Subchannel Pick(Subchannel[] members, in RpcCallOptions options, ulong keyHash, ReadOnlySpan<Subchannel?> tried)
    {
        if (options.RoutingKey.IsNone)
        {
            return _picker.Pick(members, tried) ?? throw NoEndPoint(members, tried);
        }

        // The owner is chosen among all members, available or not, so an ejected owner keeps its keys.
        var owner = RendezvousHash.Owner(keyHash, members, tried, availableOnly: false);
        if (owner is not null && owner.IsAvailable)
        {
            return owner;
        }

        if (owner is not null && !options.IsIdempotent)
        {
            throw new RpcConnectionException(
                $"The endpoint '{owner.Name}' that owns routing key '{options.RoutingKey}' takes no calls until it reconnects ({owner.EjectReason?.TrimEnd('.') ?? "connection failed"}); the call is not idempotent, so it is not sent elsewhere.");
        }

        return RendezvousHash.Owner(keyHash, members, tried, availableOnly: true) ?? throw NoEndPoint(members, tried);
    }

    private static RpcConnectionException NoEndPoint(Subchannel[] members, ReadOnlySpan<Subchannel?> tried)
    {
        if (members.Length == 0)
        {
            return new RpcConnectionException("The channel has no endpoints: its resolver returned none.");
        }

        var reasons = string.Join("; ", members.Select(m => m.Name + ": " + (m.EjectReason ?? "already tried by this call")));
        return new RpcConnectionException($"No endpoint of the channel takes calls ({reasons}).");
    }

    /// <summary>The endpoints an idempotent call already failed on, without an allocation for calls that never retry.</summary>
    private struct TriedList
    {
        private Subchannel?[]? _items;
        private int _count;

        public void Add(Subchannel member)
        {
            _items ??= new Subchannel?[16];
            _items[_count++] = member;
        }

        public readonly ReadOnlySpan<Subchannel?> AsSpan() => _items is null ? default : _items.AsSpan(0, _count);
    }

    private readonly struct RawCall(uint requestId, ReadOnlyMemory<byte> payload) : IChannelCall<RpcResponse>
    {
        public ValueTask<RpcResponse> SendAsync(RpcClient client, in RpcCallOptions options) => client.CallAsync(requestId, payload, options);
    }

    private readonly struct TypedCall<TRequest, TResponse>(uint requestId, TRequest? request) : IChannelCall<RpcResponse<TResponse>>
        where TRequest : class, IRpcObject<TRequest>
        where TResponse : struct, IFlatbufferObject, IRpcTable<TResponse>
    {
        public ValueTask<RpcResponse<TResponse>> SendAsync(RpcClient client, in RpcCallOptions options) =>
            client.CallAsync<TRequest, TResponse>(requestId, request, options);
    }

    private readonly struct ReadCall<TRequest, TResponse, TResult>(uint requestId, TRequest? request, Func<TResponse, TResult> read) : IChannelCall<TResult>
        where TRequest : class, IRpcObject<TRequest>
        where TResponse : struct, IFlatbufferObject, IRpcTable<TResponse>
    {
        public ValueTask<TResult> SendAsync(RpcClient client, in RpcCallOptions options) =>
            client.CallAsync<TRequest, TResponse, TResult>(requestId, request, read, options);
    }
}
