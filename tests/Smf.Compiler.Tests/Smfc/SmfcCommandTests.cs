using Smf.Smfc;

namespace Smf.Compiler.Tests.Smfc;

[TestClass]
public sealed class SmfcCommandTests
{
    private string _directory = null!;

    [TestInitialize]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), "smfc-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TestCleanup]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [TestMethod]
    public void Run_ValidSchema_ExitsZeroWithoutOutput()
    {
        var schema = Write("kv.fbs", "namespace kv;\ntable Req {}\ntable Resp {}\nrpc_service Store { Put(Req):Resp; }");

        var (exit, _, stderr) = Run("--filename", schema);

        Assert.AreEqual(0, exit, stderr);
        Assert.AreEqual(string.Empty, stderr);
    }

    [TestMethod]
    public void Run_InvalidSchema_PrintsCanonicalDiagnosticsAndExitsOne()
    {
        var schema = Write("bad.fbs", "table T {\n  a: Missing;\n}");

        var (exit, _, stderr) = Run("--filename", schema);

        Assert.AreEqual(1, exit);
        StringAssert.StartsWith(stderr, schema + "(2,6,2,12): error SMF0305: ");
    }

    [TestMethod]
    public void Run_IncludeDirsCommaSeparatedAndEqualsForm_ResolveIncludes()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "a"));
        Directory.CreateDirectory(Path.Combine(_directory, "b"));
        Write(Path.Combine("b", "lib.fbs"), "table Lib {}");
        var schema = Write("main.fbs", "include \"lib.fbs\";\ntable T { l: Lib; }");

        var (exit, _, stderr) = Run("--filename=" + schema, "--include_dirs", Path.Combine(_directory, "a") + "," + Path.Combine(_directory, "b"), "--language", "csharp", "--output_path", Path.Combine(_directory, "out"));

        Assert.AreEqual(0, exit, stderr);
    }

    [TestMethod]
    public void Run_MissingFilename_ExitsOneWithUsage()
    {
        var (exit, _, stderr) = Run();

        Assert.AreEqual(1, exit);
        StringAssert.Contains(stderr, "error SMF0200: No schema given");
        StringAssert.Contains(stderr, "usage: smfc");
    }

    [TestMethod]
    public void Run_UnknownFlag_ExitsOne()
    {
        var (exit, _, stderr) = Run("--frobnicate", "x");

        Assert.AreEqual(1, exit);
        StringAssert.Contains(stderr, "Unknown flag '--frobnicate'");
    }

    [TestMethod]
    public void Run_UnsupportedLanguage_ExitsOne()
    {
        var (exit, _, stderr) = Run("--filename", "x.fbs", "--language", "java");

        Assert.AreEqual(1, exit);
        StringAssert.Contains(stderr, "'java' is not supported");
    }

    [TestMethod]
    public void Run_MissingFile_ExitsOne()
    {
        var (exit, _, stderr) = Run("--filename", Path.Combine(_directory, "none.fbs"));

        Assert.AreEqual(1, exit);
        StringAssert.Contains(stderr, "error SMF0202");
    }

    [TestMethod]
    public void Run_Help_PrintsUsageAndExitsZero()
    {
        var (exit, stdout, _) = Run("--help");

        Assert.AreEqual(0, exit);
        StringAssert.Contains(stdout, "--include_dirs");
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static (int Exit, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = SmfcCommand.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
