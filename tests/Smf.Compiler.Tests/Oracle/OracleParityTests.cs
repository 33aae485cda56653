using Smf.Compiler;

namespace Smf.Compiler.Tests.Oracle;

/// <summary>
/// Parity with Google's parser over the corpus in Oracle/Corpus: every valid schema must be accepted by both with
/// identical layout facts (struct size, alignment, offsets, padding, field ids, enum values, union members, rpc
/// methods); every invalid schema must be rejected by both, ours with the code named by its "// expect:" line.
/// A "// flatc-2.0.8: ..." line documents where Debian's flatc 2.0.8 differs from schema-language.md (25.x).
/// </summary>
[TestClass]
public sealed class OracleParityTests
{
    private static readonly Lazy<(Dictionary<string, OracleReport>? Reports, string? Problem)> Reports = new(RunOracle);

    public static IEnumerable<object[]> ValidSchemas => List("valid");

    public static IEnumerable<object[]> InvalidSchemas => List("invalid");

    [TestMethod]
    public void Corpus_HasAtLeastFortyValidAndFortyInvalidSchemas()
    {
        Assert.IsTrue(ValidSchemas.Count() >= 40, "valid: " + ValidSchemas.Count());
        Assert.IsTrue(InvalidSchemas.Count() >= 40, "invalid: " + InvalidSchemas.Count());
    }

    [TestMethod]
    [DynamicData(nameof(ValidSchemas))]
    public void Compile_ValidCorpusSchema_AgreesWithFlatcOnEveryFact(string name)
    {
        var path = PathOf("valid", name);
        var oracle = OracleFor(path);
        var result = Compile(path);

        Assert.IsFalse(result.HasErrors, "We reject a valid schema:\n" + string.Join("\n", result.Diagnostics));
        var note = FlatcNote(path);
        if (note is not null && note.StartsWith("rejects", StringComparison.Ordinal))
        {
            Assert.IsFalse(oracle.Accepted, "flatc 2.0.8 was documented to reject this schema (" + note + ") but accepted it.");
            return;
        }

        Assert.IsTrue(oracle.Accepted, "flatc rejects: " + oracle.Status);
        var ours = ModelFacts.Describe(result.Model!);
        var missing = oracle.Facts.Except(ours).ToList();
        var extra = ours.Except(oracle.Facts).ToList();
        Assert.IsTrue(missing.Count == 0 && extra.Count == 0, "Facts differ.\nflatc only:\n  " + string.Join("\n  ", missing) + "\nours only:\n  " + string.Join("\n  ", extra));
    }

    [TestMethod]
    [DynamicData(nameof(InvalidSchemas))]
    public void Compile_InvalidCorpusSchema_IsRejectedByBothWithTheExpectedCode(string name)
    {
        var path = PathOf("invalid", name);
        var expected = File.ReadLines(path).First(l => l.StartsWith("// expect: ", StringComparison.Ordinal))["// expect: ".Length..].Trim();
        var oracle = OracleFor(path);
        var result = Compile(path);

        Assert.IsTrue(result.HasErrors, "We accept an invalid schema (flatc: " + oracle.Status + ").");
        Assert.AreEqual(expected, result.Diagnostics[0].Code, string.Join("\n", result.Diagnostics));
        var note = FlatcNote(path);
        if (note is not null && note.StartsWith("accepts", StringComparison.Ordinal))
        {
            Assert.IsTrue(oracle.Accepted, "flatc 2.0.8 was documented to accept this schema (" + note + ") but rejected it: " + oracle.Status);
            return;
        }

        Assert.IsFalse(oracle.Accepted, "flatc accepts a schema we reject with " + expected + ".");
    }

    private static CompilationResult Compile(string path)
    {
        var options = new SchemaCompilationOptions();
        options.RootFiles.Add(path);
        return SchemaCompiler.Compile(options);
    }

    private static OracleReport OracleFor(string path)
    {
        var (reports, problem) = Reports.Value;
        if (reports is null)
        {
            Assert.Inconclusive(problem ?? FlatcOracle.InstallHint);
        }

        Assert.IsTrue(reports!.TryGetValue(path, out var report), "The oracle printed nothing for " + path);
        return report!;
    }

    private static string? FlatcNote(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("// flatc-2.0.8: ", StringComparison.Ordinal))
            {
                return line["// flatc-2.0.8: ".Length..];
            }
        }

        return null;
    }

    private static (Dictionary<string, OracleReport>? Reports, string? Problem) RunOracle()
    {
        var files = new List<string>();
        foreach (var kind in new[] { "valid", "invalid" })
        {
            foreach (var entry in List(kind))
            {
                files.Add(PathOf(kind, (string)entry[0]));
            }
        }

        var reports = FlatcOracle.Run(files, out var problem);
        return (reports, problem);
    }

    private static string CorpusDirectory(string kind) => Path.Combine(AppContext.BaseDirectory, "Oracle", "Corpus", kind);

    private static string PathOf(string kind, string name) => Path.Combine(CorpusDirectory(kind), name);

    private static IEnumerable<object[]> List(string kind) =>
        Directory.GetFiles(CorpusDirectory(kind), "*.fbs").Select(Path.GetFileName).Order(StringComparer.Ordinal).Select(n => new object[] { n! });
}
