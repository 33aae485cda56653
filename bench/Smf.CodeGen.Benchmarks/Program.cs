using BenchmarkDotNet.Running;

namespace Smf.CodeGen.Benchmarks;

/// <summary>Runs the generated-code benchmarks: <c>dotnet run -c Release -- --filter '*'</c> (add <c>--job short</c> for a quick run).</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
