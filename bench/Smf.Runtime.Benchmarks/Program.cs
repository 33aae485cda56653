using BenchmarkDotNet.Running;

// Run everything:            dotnet run -c Release -- --filter '*'
// A short job, as in docs:   dotnet run -c Release -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
