using System.Globalization;

namespace Smf.Bench.LoadGenerator.Measurement;

/// <summary>Another process's resident set and open descriptors, from /proc.</summary>
internal static class ProcessMemory
{
    /// <summary>VmRSS of <paramref name="pid"/> in bytes.</summary>
    public static long ResidentBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new IOException($"/proc/{pid}/status has no VmRSS line.");
    }

    /// <summary>How many descriptors <paramref name="pid"/> has open.</summary>
    public static int OpenDescriptors(int pid) => Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Count();
}
