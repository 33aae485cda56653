using System.Diagnostics;

namespace Smf.Bench.LoadGenerator.Measurement;

/// <summary>The counters taken at the start and at the end of a measurement window.</summary>
internal sealed record Snapshot(long Timestamp, double ServerCpuUs, double ClientCpuUs, ServerStats? Stats)
{
    public static Snapshot Take(string host, int serverPid, int statsPort)
    {
        var stats = ServerStats.Read(host, statsPort);
        var serverCpu = serverPid > 0 ? ProcessCpu.Microseconds(serverPid) : -1;
        var clientCpu = ProcessCpu.Microseconds(0);
        return new Snapshot(Stopwatch.GetTimestamp(), serverCpu, clientCpu, stats);
    }
}
