namespace Smf.Build.Tests.Infrastructure;

/// <summary>What a child process printed and returned.</summary>
internal sealed record ProcessResult(int ExitCode, string Output, TimeSpan Elapsed)
{
    public bool Succeeded => ExitCode == 0;
}
