using System.Diagnostics;
using Smf.Compiler.Tests.Oracle;
using Smf.Smfc;

namespace Smf.Compiler.Tests.Upstream;

/// <summary>
/// Google's own test schemas (Upstream/flatbuffers, copies of the FlatBuffers repository's <c>tests/**/*.fbs</c>) through
/// smfc with code generation, against the installed flatc's <c>--csharp</c>: schema by schema the same accept/reject
/// verdict, except the listed differences, which are the language after flatc 2.0.8 (schema-language.md).
/// </summary>
[TestClass]
public sealed class UpstreamSchemaTests
{
    /// <summary>Where the verdicts differ on purpose: the relative path, then whether flatc 2.0.8 and we accept, and why.</summary>
    private static readonly Dictionary<string, (bool Flatc, bool Smf, string Reason)> DeliberateDifferences = new(StringComparer.Ordinal)
    {
        ["tests/flatc/enum_val_attributes.fbs"] = (false, true, "attributes on enum values (display_name) came after 2.0.8; 25.x accepts them"),
        ["tests/rust_namer_test.fbs"] = (false, true, "attributes on union members (f: FieldTable (id: 0)) came after 2.0.8; 25.x accepts them"),
        ["tests/key_field/key_field_sample.fbs"] = (false, true, "a fixed array as a struct's key came after 2.0.8 ('key' field must be string or scalar type); 25.x accepts it"),
    };

    private static readonly Lazy<string?> Flatc = new(() => Which("flatc"));

    private static string Root => Path.Combine(AppContext.BaseDirectory, "Upstream", "flatbuffers");

    /// <summary>The include directories both compilers get, as FlatBuffers' own test scripts pass them.</summary>
    private static string[] IncludeDirectories =>
    [
        Root,
        Path.Combine(Root, "tests"),
        Path.Combine(Root, "tests", "include_test"),
        Path.Combine(Root, "tests", "include_test", "sub"),
        Path.Combine(Root, "tests", "flatc"),
    ];

    private static List<string> AllSchemas() =>
        Directory.GetFiles(Path.Combine(Root, "tests"), "*.fbs", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(Root, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    [TestMethod]
    public void Upstream_EveryTestSchema_HasFlatcsVerdictOrADocumentedDifference()
    {
        var flatc = Flatc.Value;
        if (flatc is null)
        {
            Assert.Inconclusive("flatc is missing; " + FlatcOracle.InstallHint);
        }

        var schemas = AllSchemas();
        Assert.HasCount(86, schemas, "The copy of FlatBuffers' tests/**/*.fbs changed; update this count and the differences.");
        var scratch = Path.Combine(Path.GetTempPath(), "smf-upstream-" + Guid.NewGuid().ToString("N"));
        try
        {
            var problems = new List<string>();
            var verdicts = new (bool Flatc, string FlatcOutput, bool Smf, string SmfOutput)[schemas.Count];
            Parallel.For(0, schemas.Count, i =>
            {
                var output = Path.Combine(scratch, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                var (flatcAccepts, flatcOutput) = RunFlatc(flatc!, schemas[i], Path.Combine(output, "flatc"));
                var (smfAccepts, smfOutput) = RunSmfc(schemas[i], Path.Combine(output, "smfc"));
                verdicts[i] = (flatcAccepts, flatcOutput, smfAccepts, smfOutput);
            });

            for (var i = 0; i < schemas.Count; i++)
            {
                var (flatcAccepts, flatcOutput, smfAccepts, smfOutput) = verdicts[i];
                var expected = DeliberateDifferences.TryGetValue(schemas[i], out var difference) ? (difference.Flatc, difference.Smf) : (flatcAccepts, flatcAccepts);
                if ((flatcAccepts, smfAccepts) != expected)
                {
                    problems.Add($"{schemas[i]}: flatc {Verdict(flatcAccepts)}, smfc {Verdict(smfAccepts)} (expected flatc {Verdict(expected.Item1)}, smfc {Verdict(expected.Item2)})\n  flatc: {flatcOutput.Trim()}\n  smfc: {smfOutput.Trim()}");
                }
            }

            foreach (var listed in DeliberateDifferences.Keys)
            {
                if (!schemas.Contains(listed))
                {
                    problems.Add(listed + " is listed as a deliberate difference but is not in the copy.");
                }
            }

            Assert.IsEmpty(problems, string.Join("\n", problems));
            Assert.IsGreaterThan(60, verdicts.Count(v => v.Smf), "Most upstream schemas generate code.");
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    [TestMethod]
    public void Upstream_KeywordTest_EmptyEnumGetsNoneAndGenerates()
    {
        var (accepted, output) = RunSmfc("tests/keyword_test.fbs", NewOutput(out var directory));
        try
        {
            Assert.IsTrue(accepted, output);
            var code = File.ReadAllText(Path.Combine(directory, "keyword_test_generated.cs"));
            StringAssert.Contains(code, "enum @public : int");
            StringAssert.Contains(code, "NONE = 0,");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestMethod]
    public void Upstream_ServiceTest_StreamingMethodsAreLocatedWarningsAndLeftOut()
    {
        var (accepted, output) = RunSmfc("tests/service_test.fbs", NewOutput(out var directory));
        try
        {
            Assert.IsTrue(accepted, output);
            var path = Path.Combine(Root, "tests", "service_test.fbs");
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.Contains("SMF", StringComparison.Ordinal)).ToList();
            CollectionAssert.AreEqual(
                new[]
                {
                    path + "(8,45,8,53): warning SMF3101: The method 'HelloService.StreamClient' is declared with streaming: \"client\"",
                    path + "(9,45,9,53): warning SMF3101: The method 'HelloService.StreamServer' is declared with streaming: \"server\"",
                    path + "(10,39,10,47): warning SMF3101: The method 'HelloService.Stream' is declared with streaming: \"bidi\"",
                },
                lines.Select(l => l[..l.IndexOf(", but", StringComparison.Ordinal)]).ToList(),
                output);
            var code = File.ReadAllText(Path.Combine(directory, "service_test_generated.cs"));
            StringAssert.Contains(code, "HelloAsync(");
            Assert.DoesNotContain("StreamClient", code);
            Assert.DoesNotContain("StreamServer", code);
            Assert.DoesNotContain("StreamAsync", code);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestMethod]
    public void Upstream_Test64Bit_EveryOffset64AndVector64FieldIsALocatedError()
    {
        var (accepted, output) = RunSmfc("tests/64bit/test_64bit.fbs", NewOutput(out var directory));
        Assert.IsFalse(Directory.Exists(directory), "Nothing is written for a schema with errors.");

        Assert.IsFalse(accepted);
        var path = Path.Combine(Root, "tests", "64bit", "test_64bit.fbs");
        var spans = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.Contains("error SMF0516", StringComparison.Ordinal))
            .Select(l => l[path.Length..l.IndexOf(": error", StringComparison.Ordinal)])
            .ToList();
        CollectionAssert.AreEqual(
            new[] { "(8,18,8,25)", "(13,23,13,30)", "(19,22,19,29)", "(23,28,23,35)", "(26,23,26,30)", "(32,24,32,31)", "(36,35,36,42)", "(40,35,40,42)", "(54,34,54,41)" },
            spans,
            output);
        Assert.DoesNotContain("error SMF0307", output);
    }

    private static string NewOutput(out string directory)
    {
        directory = Path.Combine(Path.GetTempPath(), "smf-upstream-" + Guid.NewGuid().ToString("N"));
        return directory;
    }

    private static string Verdict(bool accepted) => accepted ? "accepts" : "rejects";

    private static (bool Accepted, string Output) RunSmfc(string schema, string output)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = SmfcCommand.Run(
            ["--filename", Path.Combine(Root, schema), "--include_dirs", string.Join(",", IncludeDirectories), "--output_path", output],
            stdout,
            stderr);
        return (exit == 0, stderr.ToString());
    }

    private static (bool Accepted, string Output) RunFlatc(string flatc, string schema, string output)
    {
        Directory.CreateDirectory(output);
        var start = new ProcessStartInfo(flatc)
        {
            WorkingDirectory = output,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--csharp");
        start.ArgumentList.Add("-o");
        start.ArgumentList.Add(output);
        foreach (var directory in IncludeDirectories)
        {
            start.ArgumentList.Add("-I");
            start.ArgumentList.Add(directory);
        }

        start.ArgumentList.Add(Path.Combine(Root, schema));
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new AssertFailedException("flatc did not finish within 60 s for " + schema);
        }

        return (process.ExitCode == 0, stdout.Result + stderr.Result);
    }

    private static string? Which(string tool)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(directory, tool);
            if (directory.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
