using System.Diagnostics;

namespace Smf.Bench.LoadGenerator.Measurement;

/// <summary>
/// The counters taken at the start and at the end of a measurement window. The client's allocated bytes
/// (<see cref="GC.GetTotalAllocatedBytes(bool)"/>, precise: every thread of this process) are read before
/// (<see cref="ClientAllocatedBefore"/>) and after (<see cref="ClientAllocatedAfter"/>) the other counters, so
/// that a window's client allocation (end's before minus start's after) leaves out what reading them allocates.
/// </summary>
internal sealed record Snapshot(long Timestamp, double ServerCpuUs, double ClientCpuUs, ServerStats? Stats, long ClientAllocatedBefore, long ClientAllocatedAfter, long ServerContextSwitches)
{
    public static Snapshot Take(string host, int serverPid, int statsPort)
    {
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var stats = ServerStats.Read(host, statsPort);
        var serverCpu = serverPid > 0 ? ProcessCpu.Microseconds(serverPid) : -1;
        var serverSwitches = ContextSwitches.Of(serverPid);
        var clientCpu = ProcessCpu.Microseconds(0);
        var timestamp = Stopwatch.GetTimestamp();
        return new Snapshot(timestamp, serverCpu, clientCpu, stats, allocatedBefore, GC.GetTotalAllocatedBytes(precise: true), serverSwitches);
    }
}
