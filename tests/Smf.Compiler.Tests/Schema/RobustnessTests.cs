using System.Diagnostics;
using System.Text;
using Smf.Compiler;

namespace Smf.Compiler.Tests.Schema;

/// <summary>
/// Mutated and random schemas must produce diagnostics (or a model), never an exception, a hang or a stack overflow.
/// Seeded, so a failure reproduces; the failing input is part of the message.
/// </summary>
[TestClass]
public sealed class RobustnessTests
{
    private const int Iterations = 50_000;

    private static readonly string[] Vocabulary =
    {
        "table", "struct", "enum", "union", "namespace", "include", "attribute", "root_type", "rpc_service", "file_identifier",
        "file_extension", "native_include", "{", "}", "(", ")", "[", "]", ":", ";", ",", "=", ".", "-", "+", "\"", "'", "///",
        "//", "/*", "*/", "\n", " ", "int", "ubyte", "string", "bool", "double", "null", "nan", "inf", "true", "0x", "1e", "0",
        "255", "-1", "18446744073709551616", "id", "key", "required", "deprecated", "force_align", "bit_flags", "hash",
        "nested_flatbuffer", "flexbuffer", "streaming", "NONE", "\\u", "\\x", "\uFEFF", "\0", "\r", "\t", "é", "\uD800",
    };

    [TestMethod]
    [Timeout(120_000)]
    public void Compile_FiftyThousandMutatedAndRandomInputs_NeverThrows()
    {
        var seeds = LoadSeeds();
        var random = new Random(20260126);
        var watch = Stopwatch.StartNew();
        var withErrors = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var text = i % 10 == 9 ? RandomText(random) : Mutate(seeds[random.Next(seeds.Count)], random);
            CompilationResult result;
            try
            {
                result = TestCompiler.Compile(text);
            }
            catch (Exception ex)
            {
                Assert.Fail("Input #" + i + " threw " + ex + "\nInput:\n" + text);
                return;
            }

            Assert.AreEqual(result.HasErrors, result.Model is null, "Input #" + i + ": a model must exist exactly when there is no error.\n" + text);
            foreach (var diagnostic in result.Diagnostics)
            {
                Assert.IsTrue(diagnostic.Code.Length == 7 && diagnostic.Code.StartsWith("SMF", StringComparison.Ordinal), diagnostic.ToString());
                Assert.IsFalse(string.IsNullOrWhiteSpace(diagnostic.Message), diagnostic.ToString());
                if (diagnostic.Line > 0)
                {
                    Assert.IsTrue(diagnostic.EndLine > diagnostic.Line || (diagnostic.EndLine == diagnostic.Line && diagnostic.EndColumn >= diagnostic.Column), "Inverted span: " + diagnostic + "\n" + text);
                }
            }

            withErrors += result.HasErrors ? 1 : 0;
        }

        Assert.IsTrue(withErrors > 0 && withErrors < Iterations, "The mutations should produce both valid and invalid schemas; errors: " + withErrors);
        Console.WriteLine(Iterations + " inputs in " + watch.ElapsedMilliseconds + " ms, " + withErrors + " with errors.");
    }

    [TestMethod]
    [Timeout(30_000)]
    public void Compile_HundredThousandOpeningBrackets_ReportsNestingWithoutStackOverflow()
    {
        var result = TestCompiler.Compile("table T { a: " + new string('[', 100_000) + "int; }");

        Assert.AreEqual("SMF0102", result.Diagnostics[0].Code);
    }

    [TestMethod]
    [Timeout(30_000)]
    public void Compile_HundredThousandBraces_FinishesWithDiagnostics()
    {
        var result = TestCompiler.Compile("table T " + new string('{', 100_000) + new string('}', 50_000));

        Assert.IsTrue(result.HasErrors);
    }

    [TestMethod]
    [Timeout(30_000)]
    public void Compile_MegabyteOfGarbage_FinishesWithDiagnostics()
    {
        var random = new Random(7);
        var builder = new StringBuilder();
        while (builder.Length < 1_000_000)
        {
            builder.Append(Vocabulary[random.Next(Vocabulary.Length)]);
        }

        var result = TestCompiler.Compile(builder.ToString());

        Assert.IsTrue(result.HasErrors);
    }

    private static List<string> LoadSeeds()
    {
        var seeds = new List<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Oracle", "Corpus"), "*.fbs", SearchOption.AllDirectories))
        {
            seeds.Add(File.ReadAllText(file));
        }

        Assert.IsTrue(seeds.Count > 40, "The oracle corpus seeds the mutations.");
        return seeds;
    }

    private static string Mutate(string seed, Random random)
    {
        var builder = new StringBuilder(seed);
        var count = 1 + random.Next(4);
        for (var m = 0; m < count; m++)
        {
            var position = builder.Length == 0 ? 0 : random.Next(builder.Length);
            switch (random.Next(7))
            {
                case 0:
                    builder.Remove(position, Math.Min(builder.Length - position, 1 + random.Next(8)));
                    break;
                case 1:
                    builder.Insert(position, Vocabulary[random.Next(Vocabulary.Length)]);
                    break;
                case 2:
                    if (builder.Length > 0)
                    {
                        builder[position] = (char)random.Next(0, 0x3000);
                    }

                    break;
                case 3:
                    var length = Math.Min(builder.Length - position, random.Next(40));
                    builder.Insert(position, builder.ToString(position, length));
                    break;
                case 4:
                    builder.Length = position;
                    break;
                case 5:
                    builder.Insert(position, new string(random.Next(2) == 0 ? '[' : '{', random.Next(1, 200)));
                    break;
                default:
                    builder.Insert(position, random.Next(2) == 0 ? "\"" : "/*");
                    break;
            }
        }

        return builder.ToString();
    }

    private static string RandomText(Random random)
    {
        var builder = new StringBuilder();
        var tokens = random.Next(1, 80);
        for (var t = 0; t < tokens; t++)
        {
            builder.Append(Vocabulary[random.Next(Vocabulary.Length)]);
            if (random.Next(3) == 0)
            {
                builder.Append(' ');
            }
        }

        return builder.ToString();
    }
}
