using System.Globalization;

namespace Smf.Cli.Bench;

/// <summary>The live progress line of <c>smf bench</c>, redrawn in place with a carriage return; only drawn on a terminal.</summary>
internal sealed class ProgressLine(TextWriter terminal)
{
    private long _lastCalls;
    private TimeSpan _lastTime;
    private int _width;

    public void Update(TimeSpan elapsed, long calls, long errors)
    {
        var seconds = (elapsed - _lastTime).TotalSeconds;
        var rate = seconds > 0 ? (calls - _lastCalls) / seconds : 0;
        _lastCalls = calls;
        _lastTime = elapsed;
        var text = string.Create(CultureInfo.InvariantCulture, $"{elapsed.TotalSeconds,6:F1} s  {calls,12} calls  {rate,10:F0} calls/s  {errors} errors");
        _width = Math.Max(_width, text.Length);
        terminal.Write("\r" + text.PadRight(_width));
        terminal.Flush();
    }

    public void Clear()
    {
        if (_width > 0)
        {
            terminal.Write("\r" + new string(' ', _width) + "\r");
            terminal.Flush();
        }
    }
}
