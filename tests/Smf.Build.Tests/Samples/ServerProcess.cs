using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Smf.Build.Tests.Samples;

/// <summary>The sample server as a child process, its output captured, stopped with SIGINT like Ctrl+C.</summary>
internal sealed partial class ServerProcess : IDisposable
{
    private const int SigInt = 2;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ServerProcess(string serverDll, int shards)
        : this(serverDll, "--ip", "127.0.0.1", "--port", "0", "--shards", shards.ToString())
    {
    }

    /// <summary>Starts <paramref name="serverDll"/> with <paramref name="args"/>; it must log "listening on address:port ".</summary>
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
            lock (_output)
            {
                return _output.ToString();
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

    /// <summary>Sends SIGINT (Ctrl+C) and waits for the process to exit; returns its exit code.</summary>
    public async Task<int> InterruptAsync(TimeSpan timeout)
    {
        Assert.AreEqual(0, Kill(_process.Id, SigInt), "kill(SIGINT) failed.");
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

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _port.TrySetResult(int.Parse(match.Groups["port"].Value));
        }
    }

    [GeneratedRegex(@"listening on [^ ]+:(?<port>\d+) ")]
    private static partial Regex ListeningLine();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
