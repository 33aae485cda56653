using System.Globalization;

namespace Smf.Bench.LoadGenerator.Measurement;

/// <summary>A process's context switches (voluntary and involuntary, summed over its threads), from /proc/&lt;pid&gt;/task/*/status.</summary>
internal static class ContextSwitches
{
    /// <summary>The switches of <paramref name="pid"/> so far, or -1 if they cannot be read. Threads that ended are not counted.</summary>
    public static long Of(int pid)
    {
        if (pid <= 0)
        {
            return -1;
        }

        long total = 0;
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                {
                    if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal) || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
                    {
                        total += long.Parse(line[(line.IndexOf(':') + 1)..].Trim(), CultureInfo.InvariantCulture);
                    }
                }
            }
        }
        catch (IOException)
        {
            return -1;
        }

        return total;
    }
}
