using Smf.Bench.LoadGenerator.Grpc;
using Smf.Bench.LoadGenerator.Measurement;
using Smf.Bench.LoadGenerator.OurClient;
using Smf.Bench.LoadGenerator.Smf;

namespace Smf.Bench.LoadGenerator.Cli;

/// <summary><c>run</c>: measures each requested shape against one server, one after the other, with fresh connections per shape.</summary>
internal static class RunCommand
{
    public static int Execute(IReadOnlyList<string> args)
    {
        var options = RunOptions.Parse(args);
        using var sampler = options.AllocReport ? new global::Smf.Bench.SmfBenchServer.AllocationSampler() : null;
        using var smf = options.Protocol == "smf" ? new SmfDriver(options) : null;
        var grpc = options.Protocol == "grpc" ? new GrpcDriver(options) : null;
        var ours = options.Protocol switch
        {
            "rpc-raw" => new OurClientDriver(options, OurClientPath.Raw),
            "rpc-status" => new OurClientDriver(options, OurClientPath.WithStatus),
            "rpc-typed" => new OurClientDriver(options, OurClientPath.Typed),
            _ => null,
        };
        var failed = false;
        for (var i = 0; i < options.Shapes.Count; i++)
        {
            var shape = options.Shapes[i];
            var warmup = i == 0 ? options.FirstWarmup : options.Warmup;
            var measurement = smf is not null ? smf.Run(shape, warmup) : grpc is not null ? grpc.Run(shape, warmup) : ours!.Run(shape, warmup);
            RunResult.Write(options, shape, measurement);
            failed |= measurement.Errors > 0;
        }

        sampler?.Report(Console.Out, 15);
        return failed ? 1 : 0;
    }
}
