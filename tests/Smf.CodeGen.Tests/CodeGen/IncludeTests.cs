using Smf.CodeGen.Tests.Infrastructure;
using Smf.Compiler.CodeGen;

namespace Smf.CodeGen.Tests.CodeGen;

[TestClass]
public sealed class IncludeTests
{
    private const string Probe = """
#pragma warning disable CS1591
public static class IncludeProbe
{
    public static byte[] Build(bool withLeafName)
    {
        var tree = new Inc.A.TreeT
        {
            Leaves = new System.Collections.Generic.List<Inc.B.LeafT> { new Inc.B.LeafT { Name = withLeafName ? "l" : null, Shade = Inc.B.Shade.Dark } },
            Node = Inc.A.NodeUnion.FromIncBLeaf(new Inc.B.LeafT { Name = "n", Point = new Inc.B.PointT { X = 1, Y = 2 } }),
            Where = new Inc.B.PointT { X = -3, Y = 4 },
        };
        return tree.SerializeToBinary();
    }

    public static string Read(byte[] buffer)
    {
        var tree = Inc.A.Tree.GetRootAsTree(new Google.FlatBuffers.ByteBuffer(buffer));
        return tree.Leaves(0)!.Value.Shade + "," + tree.NodeAsIncBLeaf()!.Value.Point!.Value.Y + "," + tree.Where!.Value.X + "," + Inc.A.Tree.TreeBufferHasIdentifier(new Google.FlatBuffers.ByteBuffer(buffer));
    }

    public static bool Verify(byte[] buffer) => Inc.A.Tree.Verify(buffer);
}
""";

    [TestMethod]
    public void Generate_IncludedFileAsSeparateUnit_CompilesAndVerifiesAcrossUnits()
    {
        var model = Schemas.Compile("include_a.fbs");
        var units = model.Files.Select(f => CSharpGenerator.Generate(model, [f])).ToArray();

        var assembly = CSharpCompiler.Load("includes", [.. units, Probe]);
        var probe = assembly.GetType("IncludeProbe")!;
        var valid = (byte[])probe.GetMethod("Build")!.Invoke(null, [true])!;
        var missingName = ((Func<byte[]>)(() =>
        {
            try
            {
                return (byte[])probe.GetMethod("Build")!.Invoke(null, [false])!;
            }
            catch (System.Reflection.TargetInvocationException e) when (e.InnerException is InvalidOperationException)
            {
                return [];
            }
        }))();

        Assert.HasCount(2, units);
        Assert.AreEqual("Dark,2,-3,True", probe.GetMethod("Read")!.Invoke(null, [valid]));
        Assert.IsTrue((bool)probe.GetMethod("Verify")!.Invoke(null, [valid])!);
        Assert.IsEmpty(missingName, "The required name of the included table is enforced.");
    }
}
