using BenchmarkDotNet.Running;
using Smf.Runtime.Benchmarks;

// BenchmarkDotNet, e.g.:       dotnet run -c Release -- --filter '*HeaderBenchmarks*' '*ChecksumBenchmarks*' --job short
// Percentiles and throughput:  dotnet run -c Release -- latency
if (args is ["latency"])
{
    await LatencyProbe.RunAsync();
}
else
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
