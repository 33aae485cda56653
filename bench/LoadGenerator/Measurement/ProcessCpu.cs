using System.Globalization;
using System.Runtime.InteropServices;

namespace Smf.Bench.LoadGenerator.Measurement;

/// <summary>Reads a process's CPU time (user + system, all threads) from /proc/&lt;pid&gt;/stat.</summary>
internal static partial class ProcessCpu
{
    private const int ScClkTck = 2;

    private static readonly double MicrosecondsPerTick = 1_000_000.0 / SysConf(ScClkTck);

    /// <summary>CPU microseconds used so far by <paramref name="pid"/> (0 = this process), or -1 if it cannot be read.</summary>
    public static double Microseconds(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText(pid == 0 ? "/proc/self/stat" : $"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return -1;
        }

        // Fields after the command name (which may contain spaces) start at state (field 3); utime is field 14, stime 15.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks * MicrosecondsPerTick;
    }

    [LibraryImport("libc", EntryPoint = "sysconf")]
    private static partial long SysConf(int name);
}
