using HdrHistogram;
using Smf.Diagnostics.Internal;

namespace Smf.Server;

/// <summary>The latency histograms of <see cref="RpcServer"/> (<see cref="RpcServerOptions.RecordLatencyHistograms"/>).</summary>
public sealed partial class RpcServer
{
    /// <summary>
    /// Writes the handler latency histograms as smf does, in HdrHistogram's <c>.hgrm</c> text format (values in
    /// microseconds): <c>server_latency.hgrm</c> for every call, and <c>server_latency.&lt;Service&gt;.&lt;Method&gt;.hgrm</c>
    /// per method that was called. Safe while the server runs (it writes a snapshot).
    /// </summary>
    /// <param name="directory">The directory to write into; created when missing.</param>
    /// <returns>The paths written.</returns>
    /// <exception cref="InvalidOperationException"><see cref="RpcServerOptions.RecordLatencyHistograms"/> is off.</exception>
    public IReadOnlyList<string> WriteLatencyHistograms(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!_options.RecordLatencyHistograms)
        {
            throw new InvalidOperationException("The server keeps no latency histograms: set RpcServerOptions.RecordLatencyHistograms (Smf:Server:RecordLatencyHistograms).");
        }

        Directory.CreateDirectory(directory);
        var written = new List<string>();
        HistogramBase? all = null;
        foreach (var method in _metrics.Methods.Values.OrderBy(m => m.SpanName, StringComparer.Ordinal))
        {
            var snapshot = method.Latency!.Snapshot();
            if (snapshot.TotalCount == 0)
            {
                continue;
            }

            if (all is null)
            {
                all = snapshot.Copy();
            }
            else
            {
                all.Add(snapshot);
            }

            written.Add(WriteFile(Path.Combine(directory, $"server_latency.{method.Service}.{method.Method}.hgrm"), snapshot));
        }

        all ??= new LongHistogram(1, LatencyHistogram.HighestTrackableMicroseconds, 3);
        written.Insert(0, WriteFile(Path.Combine(directory, "server_latency.hgrm"), all));
        return written;
    }

    private static string WriteFile(string path, HistogramBase histogram)
    {
        using var writer = new StreamWriter(path);
        LatencyHistogram.Write(histogram, writer);
        return path;
    }
}
