using Smf.Compiler.Schema;

namespace Smf.Compiler.Tests.Schema;

[TestClass]
public sealed class StructLayoutTests
{
    [TestMethod]
    public void Compile_MixedScalars_AreAlignedAndPadded()
    {
        var s = Struct("struct S { a: byte; b: long; c: short; }", "S");

        Assert.AreEqual(24, s.Size);
        Assert.AreEqual(8, s.Alignment);
        CollectionAssert.AreEqual(new[] { 0, 8, 16 }, s.Fields.Select(f => f.Offset).ToArray());
        CollectionAssert.AreEqual(new[] { 7, 0, 6 }, s.Fields.Select(f => f.Padding).ToArray());
        CollectionAssert.AreEqual(new[] { 1, 8, 2 }, s.Fields.Select(f => f.Size).ToArray());
    }

    [TestMethod]
    public void Compile_NestedStruct_UsesItsAlignment()
    {
        var model = TestCompiler.Valid("struct Vec3 { x: float; y: float; z: float; }\nstruct P { flag: bool; pos: Vec3; id: short; }");

        var p = TestCompiler.Find<StructDefinition>(model, "P");
        CollectionAssert.AreEqual(new[] { 0, 4, 16 }, p.Fields.Select(f => f.Offset).ToArray());
        Assert.AreEqual(20, p.Size);
        Assert.AreEqual(4, p.Alignment);
    }

    [TestMethod]
    public void Compile_FixedArrays_UseElementAlignment()
    {
        var s = Struct("enum E : ushort { A }\nstruct Pair { a: short; b: byte; }\nstruct S { x: byte; arr: [int:3]; pairs: [Pair:2]; e: [E:2]; }", "S");
        CollectionAssert.AreEqual(new[] { 0, 4, 16, 24 }, s.Fields.Select(f => f.Offset).ToArray());
        Assert.AreEqual(28, s.Size);
        Assert.AreEqual(3, s.Fields[1].Type.ArrayLength);
        Assert.AreEqual(12, s.Fields[1].Size);
    }

    [TestMethod]
    public void Compile_ForceAlign_RaisesAlignmentAndRoundsSize()
    {
        var s = Struct("struct S (force_align: 16) { a: int; b: byte; }", "S");

        Assert.AreEqual(16, s.Alignment);
        Assert.AreEqual(16, s.Size);
        Assert.AreEqual(16, s.ForceAlign);
        Assert.AreEqual(11, s.Fields[1].Padding);
    }

    [TestMethod]
    public void Compile_StructWithEnumAndBool_IsPacked()
    {
        var s = Struct("enum E : short { A }\nstruct S { b: bool; e: E; u: ubyte; }", "S");

        CollectionAssert.AreEqual(new[] { 0, 2, 4 }, s.Fields.Select(f => f.Offset).ToArray());
        Assert.AreEqual(6, s.Size);
        Assert.AreEqual(2, s.Alignment);
    }

    private static StructDefinition Struct(string schema, string name) => TestCompiler.Find<StructDefinition>(TestCompiler.Valid(schema), name);
}
