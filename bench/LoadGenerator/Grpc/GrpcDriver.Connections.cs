using Kvstore.Grpc;
using Smf.Bench.LoadGenerator.Cli;
using Smf.Bench.LoadGenerator.Measurement;

namespace Smf.Bench.LoadGenerator.Grpc;

/// <summary>
/// The connection shape (CONN): each of the shape's loops creates a <see cref="global::Grpc.Net.Client.GrpcChannel"/>,
/// makes one Put (which connects, with the TLS handshake over https) and disposes the channel, again and again. A
/// recorded latency is the whole cycle, close included; the throughput is new connections per second.
/// </summary>
internal sealed partial class GrpcDriver
{
    private ShapeMeasurement RunConnectionChurn(Shape shape, TimeSpan warmup)
    {
        var window = new Window();
        var workers = new List<Task<Worker>>();
        for (var i = 0; i < shape.Connections; i++)
        {
            workers.Add(Task.Run(() => RunConnectingWorker(window)));
        }

        return Measure(workers, window, warmup);
    }

    private async Task<Worker> RunConnectingWorker(Window window)
    {
        var worker = new Worker();
        while (!window.Stop)
        {
            var started = Clock.Now;
            try
            {
                using var channel = CreateChannel();
                await new MemoryNode.MemoryNodeClient(channel).PutAsync(_request).ConfigureAwait(false);
            }
            catch (global::Grpc.Core.RpcException ex)
            {
                worker.Errors++;
                worker.FirstError ??= $"gRPC call on a new channel failed: {ex.Status}.";
                continue;
            }

            var finished = Clock.Now;
            if (started >= window.Start && finished <= window.End)
            {
                Histograms.Record(worker.Latency, Clock.ToNanoseconds(finished - started));
                worker.Calls++;
            }
        }

        return worker;
    }
}
