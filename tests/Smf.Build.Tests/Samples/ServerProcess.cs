using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Smf.Build.Tests.Samples;

/// <summary>
/// A sample program (a server, or a client that runs until stopped) as a child process, its output captured line by
/// line, stopped with SIGINT like Ctrl+C or killed.
/// </summary>
internal sealed partial class ServerProcess : IDisposable
{
    private const int SigInt = 2;

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _lineAdded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ServerProcess(string serverDll, int shards)
        : this(serverDll, "--ip", "127.0.0.1", "--port", "0", "--shards", shards.ToString())
    {
    }

    /// <summary>Starts <paramref name="serverDll"/> with <paramref name="args"/>; for <see cref="WaitForPortAsync"/>, it must log "listening on address:port ".</summary>
    public ServerProcess(string serverDll, params string[] args)
    {
        // A child inherits an ignored SIGINT (e.g. from a shell without job control); env resets it to the default
        // so the server's Ctrl+C handling sees it.
        var start = new ProcessStartInfo("/usr/bin/env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--default-signal=INT", "dotnet", serverDll }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_lines)
            {
                return string.Join(Environment.NewLine, _lines) + Environment.NewLine;
            }
        }
    }

    /// <summary>How many lines the process has printed so far: where a later <see cref="WaitForLineAsync"/> starts.</summary>
    public int LineCount
    {
        get
        {
            lock (_lines)
            {
                return _lines.Count;
            }
        }
    }

    /// <summary>Waits for the "listening on" line and returns the port the server bound.</summary>
    public async Task<int> WaitForPortAsync(TimeSpan timeout)
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(_port.Task, exited, Task.Delay(timeout));
        if (first != _port.Task)
        {
            Assert.Fail($"The server did not report its port within {timeout}.{Environment.NewLine}{Output}");
        }

        return await _port.Task;
    }

    /// <summary>
    /// Waits for the first line from index <paramref name="fromLine"/> on that matches <paramref name="pattern"/> (and
    /// that <paramref name="accept"/> accepts, when given); returns the match and the index of the line after it. Fails
    /// the test when the process exits or the time is up first.
    /// </summary>
    public async Task<(Match Match, int NextLine)> WaitForLineAsync(Regex pattern, int fromLine, TimeSpan timeout, Func<Match, bool>? accept = null)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var exited = _process.WaitForExitAsync(cancel.Token);
        for (var next = fromLine; ;)
        {
            // Scanned once more after the process exited: its last lines may arrive after the exit is seen.
            var ended = exited.IsCompleted;
            Task added;
            lock (_lines)
            {
                for (; next < _lines.Count; next++)
                {
                    if (pattern.Match(_lines[next]) is { Success: true } match && (accept is null || accept(match)))
                    {
                        return (match, next + 1);
                    }
                }

                added = _lineAdded.Task;
            }

            if (ended)
            {
                Assert.Fail(
                    $"No line matched '{pattern}' {(exited.IsCompletedSuccessfully ? "before the process exited" : $"within {timeout}")}.{Environment.NewLine}{Output}");
            }

            await Task.WhenAny(added, exited);
        }
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash would, and waits for it to exit.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>Sends SIGINT (Ctrl+C) and waits for the process to exit; returns its exit code.</summary>
    public async Task<int> InterruptAsync(TimeSpan timeout)
    {
        Assert.AreEqual(0, SendSignal(_process.Id, SigInt), "kill(SIGINT) failed.");
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The server did not exit within {timeout} of SIGINT.{Environment.NewLine}{Output}");
        }

        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Add(line);
            _lineAdded.TrySetResult();
            _lineAdded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _port.TrySetResult(int.Parse(match.Groups["port"].Value));
        }
    }

    [GeneratedRegex(@"listening on [^ ]+:(?<port>\d+) ")]
    private static partial Regex ListeningLine();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
