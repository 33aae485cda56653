using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Smf.Compiler.Benchmarks;

Console.WriteLine("Generated schema: " + SchemaCompilerBenchmarks.Schema.Length + " bytes, " + SchemaCompilerBenchmarks.Schema.Split('\n').Length + " lines.");
var config = DefaultConfig.Instance.AddColumn(new ThroughputColumn());
BenchmarkSwitcher.FromAssembly(typeof(SchemaCompilerBenchmarks).Assembly).Run(args, config);
