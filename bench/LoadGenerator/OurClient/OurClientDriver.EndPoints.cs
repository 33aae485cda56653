using System.Globalization;
using System.Net;
using kvstore.fbs;
using Smf.Balancing;
using Smf.Bench.LoadGenerator.Cli;
using Smf.Bench.LoadGenerator.Measurement;
using Smf.Client;
using Smf.Sharding;

namespace Smf.Bench.LoadGenerator.OurClient;

/// <summary>
/// Calls over several servers (<see cref="RunOptions.EndPoints"/>): the shape's Connections x Depth callers make
/// generated <c>PutWithStatusAsync</c> calls, each caller cycling over its own run of <see cref="KeyCount"/> keys,
/// either through one <see cref="RpcChannel"/> (round-robin unkeyed, or routed by the request's key) or through one
/// <see cref="RpcClient"/> per server with the callers split evenly over them (<c>direct</c>). The same requests in
/// every mode, so the modes differ only in how a call finds its connection.
/// </summary>
internal sealed partial class OurClientDriver
{
    private const int KeyCount = 1024;

    private static readonly string[] Keys = [.. Enumerable.Range(0, KeyCount).Select(i => string.Create(CultureInfo.InvariantCulture, $"key.{i:D5}"))];

    private ShapeMeasurement RunOverEndPoints(Shape shape, TimeSpan warmup)
    {
        var callerCount = shape.Connections * shape.Depth;
        var shards = _options.ClientOnShard ? new ShardGroup(new ShardGroupOptions { Count = 1, PinToCpus = false }) : null;
        var endPoints = _options.EndPoints;
        RpcClient[] direct = [];
        RpcChannel? channel = null;
        try
        {
            if (_options.Balance == "direct")
            {
                direct = new RpcClient[endPoints.Count];
                for (var i = 0; i < direct.Length; i++)
                {
                    direct[i] = new RpcClient(new RpcClientOptions { EndPoint = endPoints[i], MaxCallsInFlight = callerCount, Shards = shards, Tls = Tls() });
                    ConnectWithRetry(direct[i]);
                }
            }
            else
            {
                channel = RpcChannel.ForEndPoints(endPoints, new RpcChannelOptions
                {
                    Client = new RpcClientOptions { MaxCallsInFlight = callerCount, Shards = shards, Tls = Tls() },
                    Picker = RpcPickerKind.RoundRobin,
                });
                channel.RefreshAsync().GetAwaiter().GetResult();

                // The channel's clients connect on their first call. Make those calls here (unkeyed, so round-robin
                // reaches every endpoint once), as the direct clients connect above: a call that has to connect
                // continues off the callers' shard, and the callers would stay there.
                var connecting = new MemoryNodeClient(channel);
                for (var i = 0; i < endPoints.Count; i++)
                {
                    using var reply = connecting.PutWithStatusAsync(_request).AsTask().GetAwaiter().GetResult();
                }
            }

            var window = new Window { HardStop = Clock.Now + Clock.FromTimeSpan(warmup + _options.Duration + StopGrace) };
            var keyed = _options.Balance == "keyed";
            var callers = new List<Task<Caller>>();
            for (var i = 0; i < callerCount; i++)
            {
                var client = new MemoryNodeClient(channel is not null ? channel : direct[i % direct.Length]);
                var first = i * KeyCount / callerCount;
                Func<Task<Caller>> run = () => RunKeyCyclingCaller(client, first, keyed, window);
                callers.Add(shards is null ? Task.Run(run) : shards.SubmitToAsync(0, run));
            }

            return Measure(callers, window, warmup);
        }
        finally
        {
            foreach (var client in direct)
            {
                client?.DisposeAsync().AsTask().Wait(StopGrace);
            }

            channel?.DisposeAsync().AsTask().Wait(StopGrace);
            shards?.DisposeAsync().AsTask().Wait(StopGrace);
        }
    }

    private async Task<Caller> RunKeyCyclingCaller(MemoryNodeClient client, int firstKey, bool routeByKey, Window window)
    {
        var caller = new Caller();
        var request = new PutRequestT { Value = _request.Value };
        for (long n = 0; n < MaxCallsPerCaller && !window.Stop; n++)
        {
            var sent = Clock.Now;
            if (caller.PastHardStop(sent, window))
            {
                break;
            }

            request.Key = Keys[(int)((firstKey + n) % KeyCount)];
            try
            {
                // What a generated client does for a request field marked (routing_key), given here by hand because the
                // benchmark's schema is the getting-started article's, without the attribute.
                var options = routeByKey ? new RpcCallOptions { RoutingKey = request.Key } : default;
                using var response = await client.PutWithStatusAsync(request, options).ConfigureAwait(false);
                if (!response.IsSuccess)
                {
                    caller.Fail($"PutWithStatusAsync answered status {(uint)response.Status}.");
                    continue;
                }
            }
            catch (Exception e) when (e is RpcConnectionException or TimeoutException)
            {
                caller.Fail($"PutWithStatusAsync failed: {e.Message}");
                continue;
            }

            caller.Record(sent, Clock.Now, window);
        }

        return caller;
    }
}
