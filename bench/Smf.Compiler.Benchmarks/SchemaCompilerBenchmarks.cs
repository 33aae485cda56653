using BenchmarkDotNet.Attributes;

namespace Smf.Compiler.Benchmarks;

/// <summary>Parses and resolves a generated 5,000-line schema (tables, structs, enums, unions, services).</summary>
[MemoryDiagnoser]
public class SchemaCompilerBenchmarks
{
    internal const string SchemaPath = "/bench/generated.fbs";

    internal static readonly string Schema = SchemaGenerator.Generate(5_000);

    private SchemaCompilationOptions _options = null!;

    [GlobalSetup]
    public void Setup()
    {
        _options = new SchemaCompilationOptions { FileSystem = new InMemoryFileSystem(SchemaPath, Schema) };
        _options.RootFiles.Add(SchemaPath);
        var result = SchemaCompiler.Compile(_options);
        if (result.HasErrors)
        {
            throw new InvalidOperationException("The generated schema does not compile: " + result.Diagnostics[0]);
        }
    }

    [Benchmark]
    public int ParseAndResolve() => SchemaCompiler.Compile(_options).Model!.Declarations.Count;
}
