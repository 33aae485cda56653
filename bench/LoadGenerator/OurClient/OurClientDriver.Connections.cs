using System.Net;
using Smf.Bench.LoadGenerator.Cli;
using Smf.Bench.LoadGenerator.Measurement;
using Smf.Client;

namespace Smf.Bench.LoadGenerator.OurClient;

/// <summary>
/// The connection shape (CONN): each of the shape's loops creates an <see cref="RpcClient"/>, connects (with the TLS
/// handshake when TLS is on), makes one raw call and disposes the client, again and again. A recorded latency is the
/// whole cycle, close included; the throughput is new connections per second.
/// </summary>
internal sealed partial class OurClientDriver
{
    private ShapeMeasurement RunConnectionChurn(Shape shape, TimeSpan warmup)
    {
        var endpoint = new IPEndPoint(IPAddress.Parse(_options.Host), _options.Port);
        var window = new Window { HardStop = Clock.Now + Clock.FromTimeSpan(warmup + _options.Duration + StopGrace) };
        var loops = new List<Task<Caller>>();
        for (var i = 0; i < shape.Connections; i++)
        {
            loops.Add(Task.Run(() => RunConnectingCaller(endpoint, window)));
        }

        return Measure(loops, window, warmup);
    }

    private async Task<Caller> RunConnectingCaller(IPEndPoint endpoint, Window window)
    {
        var caller = new Caller();
        for (long n = 0; n < MaxCallsPerCaller && !window.Stop; n++)
        {
            var started = Clock.Now;
            if (caller.PastHardStop(started, window))
            {
                break;
            }

            try
            {
                await using var client = new RpcClient(new RpcClientOptions { EndPoint = endpoint, MaxCallsInFlight = 1, ReconnectPolicy = null, Tls = Tls() });
                await client.ConnectAsync().ConfigureAwait(false);
                using var response = await client.CallAsync(_requestId, _payload).ConfigureAwait(false);
                if (!response.IsSuccess)
                {
                    caller.Fail($"The call on a new connection answered status {(uint)response.Status}.");
                    continue;
                }
            }
            catch (Exception e) when (e is RpcConnectionException or TimeoutException or IOException)
            {
                caller.Fail($"A new connection failed: {e.Message}");
                continue;
            }

            caller.Record(started, Clock.Now, window);
        }

        return caller;
    }
}
