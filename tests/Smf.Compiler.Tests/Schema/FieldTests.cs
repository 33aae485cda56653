using Smf.Compiler.Schema;

namespace Smf.Compiler.Tests.Schema;

[TestClass]
public sealed class FieldTests
{
    [TestMethod]
    public void Compile_ScalarKeywordsAndAliases_ResolveToScalarKinds()
    {
        var model = TestCompiler.Valid(
            "table T { a: bool; b: byte; c: ubyte; d: short; e: ushort; f: int; g: uint; h: long; i: ulong; j: float; k: double;" +
            " l: int8; m: uint8; n: int16; o: uint16; p: int32; q: uint32; r: int64; s: uint64; t: float32; u: float64; }");

        var kinds = TestCompiler.Find<TableDefinition>(model, "T").Fields.Select(f => f.Type.Scalar).ToArray();
        CollectionAssert.AreEqual(
            new[]
            {
                ScalarKind.Bool, ScalarKind.Byte, ScalarKind.UByte, ScalarKind.Short, ScalarKind.UShort, ScalarKind.Int, ScalarKind.UInt, ScalarKind.Long, ScalarKind.ULong, ScalarKind.Float, ScalarKind.Double,
                ScalarKind.Byte, ScalarKind.UByte, ScalarKind.Short, ScalarKind.UShort, ScalarKind.Int, ScalarKind.UInt, ScalarKind.Long, ScalarKind.ULong, ScalarKind.Float, ScalarKind.Double,
            },
            kinds);
    }

    [TestMethod]
    public void Compile_VectorsOfEveryElementKind_AreAccepted()
    {
        var model = TestCompiler.Valid(
            "enum E : byte { A }\nstruct S { x: int; }\ntable U2 {}\nunion U { U2 }\n" +
            "table T { a: [int]; b: [string]; c: [S]; d: [U2]; e: [E]; f: [U]; g: [bool]; }");

        var f = TestCompiler.Find<TableDefinition>(model, "T").Fields;
        Assert.AreEqual("[int]", f[0].Type.ToString());
        Assert.AreEqual(SchemaTypeKind.String, f[1].Type.ElementType!.Kind);
        Assert.AreEqual(SchemaTypeKind.Struct, f[2].Type.ElementType!.Kind);
        Assert.AreEqual(SchemaTypeKind.Table, f[3].Type.ElementType!.Kind);
        Assert.AreEqual(SchemaTypeKind.Enum, f[4].Type.ElementType!.Kind);
        Assert.AreEqual(SchemaTypeKind.Union, f[5].Type.ElementType!.Kind);
    }

    [TestMethod]
    public void Compile_TablesAndStructs_MayBeForwardReferencedFromTables()
    {
        var model = TestCompiler.Valid("table T { a: Later; b: LaterStruct; c: [Later]; }\ntable Later {}\nstruct LaterStruct { x: int; }");

        var f = TestCompiler.Find<TableDefinition>(model, "T").Fields;
        Assert.AreEqual(SchemaTypeKind.Table, f[0].Type.Kind);
        Assert.AreEqual(SchemaTypeKind.Struct, f[1].Type.Kind);
        Assert.AreEqual(4, f[1].Type.InlineSize);
    }

    [TestMethod]
    public void Compile_ImplicitIds_FollowDeclarationOrderAndUnionsTakeTwo()
    {
        var model = TestCompiler.Valid("table A {}\nunion U { A }\ntable T { a: int; u: U; b: string (deprecated); v: [U]; c: bool; }");

        var table = TestCompiler.Find<TableDefinition>(model, "T");
        CollectionAssert.AreEqual(new[] { 0, 2, 3, 5, 6 }, table.Fields.Select(f => f.Id).ToArray());
        Assert.AreEqual(1, table.Fields[1].UnionTypeId);
        Assert.AreEqual(4, table.Fields[3].UnionTypeId);
        Assert.AreEqual(-1, table.Fields[0].UnionTypeId);
        Assert.AreEqual(7, table.SlotCount);
        Assert.AreEqual(4 + (2 * 3), table.Fields[2].VTableOffset);
        Assert.IsTrue(table.Fields[2].IsDeprecated);
    }

    [TestMethod]
    public void Compile_ExplicitIds_AreUsedAndUnionIsAnnotatedWithItsSecondSlot()
    {
        var model = TestCompiler.Valid("table A {}\nunion U { A }\ntable T { a: int (id: 3); u: U (id: 1); b: string (id: 2); }");

        var table = TestCompiler.Find<TableDefinition>(model, "T");
        CollectionAssert.AreEqual(new[] { 3, 1, 2 }, table.Fields.Select(f => f.Id).ToArray());
        Assert.AreEqual(0, table.Fields[1].UnionTypeId);
        Assert.AreEqual(4, table.SlotCount);
    }

    [TestMethod]
    public void Compile_EnumDefaults_ResolveNamesNumbersAndQualifiedNames()
    {
        var model = TestCompiler.Valid("enum Color : ubyte { Red, Green = 5, Blue }\ntable T { a: Color = Blue; b: Color = 5; c: Color; d: Color = Color.Red; }");

        var f = TestCompiler.Find<TableDefinition>(model, "T").Fields;
        Assert.AreEqual(6L, f[0].Default.IntegerBits);
        Assert.AreEqual("Blue", f[0].Default.EnumValues[0].Name);
        Assert.AreEqual("Green", f[1].Default.EnumValues[0].Name);
        Assert.AreEqual("Red", f[2].Default.EnumValues[0].Name);
        Assert.IsFalse(f[2].Default.IsExplicit);
        Assert.AreEqual(0L, f[3].Default.IntegerBits);
        Assert.AreEqual(SchemaTypeKind.Enum, f[0].Type.Kind);
        Assert.AreEqual(ScalarKind.UByte, f[0].Type.Scalar);
    }

    [TestMethod]
    public void Compile_BitFlagStringDefault_OrsTheNamedFlags()
    {
        var model = TestCompiler.Valid("enum Perm : ubyte (bit_flags) { Read, Write, Exec }\ntable T { p: Perm = \"Read Exec\"; q: Perm; r: Perm = 3; }");

        var f = TestCompiler.Find<TableDefinition>(model, "T").Fields;
        Assert.AreEqual(5L, f[0].Default.IntegerBits);
        CollectionAssert.AreEqual(new[] { "Read", "Exec" }, f[0].Default.EnumValues.Select(v => v.Name).ToArray());
        Assert.AreEqual(0L, f[1].Default.IntegerBits, "A bit_flags enum accepts the implicit 0 (no flags).");
        CollectionAssert.AreEqual(new[] { "Read", "Write" }, f[2].Default.EnumValues.Select(v => v.Name).ToArray());
    }

    [TestMethod]
    public void Compile_OptionalEnum_IsNullable()
    {
        var model = TestCompiler.Valid("enum E : byte { A = 1 }\ntable T { e: E = null; }");

        Assert.IsTrue(TestCompiler.Find<TableDefinition>(model, "T").Fields[0].IsOptional);
    }

    [TestMethod]
    public void Compile_UnionNoneDefault_IsAccepted()
    {
        var model = TestCompiler.Valid("table A {}\nunion U { A }\ntable T { u: U = NONE; }");

        Assert.AreEqual(DefaultValueKind.None, TestCompiler.Find<TableDefinition>(model, "T").Fields[0].Default.Kind);
    }

    [TestMethod]
    public void Compile_RequiredKeyAndDeprecated_AreRecorded()
    {
        var model = TestCompiler.Valid("struct S { x: int; }\ntable A {}\ntable T { name: string (required, key); a: A (required); s: S (required); v: [int] (required); old: int (deprecated); }");

        var f = TestCompiler.Find<TableDefinition>(model, "T").Fields;
        Assert.IsTrue(f[0].IsRequired && f[0].IsKey && f[1].IsRequired && f[2].IsRequired && f[3].IsRequired);
        Assert.AreSame(f[0], TestCompiler.Find<TableDefinition>(model, "T").KeyField);
        Assert.IsTrue(f[4].IsDeprecated);
    }

    [TestMethod]
    public void Compile_ScalarKey_IsAccepted()
    {
        var model = TestCompiler.Valid("table T { id: ulong (key); }");

        Assert.IsTrue(TestCompiler.Find<TableDefinition>(model, "T").Fields[0].IsKey);
    }

    [TestMethod]
    public void Compile_NestedFlatBufferFlexBufferAndHash_AreResolved()
    {
        var model = TestCompiler.Valid("namespace n;\ntable Inner {}\ntable T { a: [ubyte] (nested_flatbuffer: \"Inner\"); b: [ubyte] (flexbuffer); c: uint (hash: \"fnv1a_32\"); d: ulong (hash: \"fnv1_64\"); e: [int] (hash: \"fnv1_32\"); f: short (hash: \"fnv1a_16\"); }");

        var f = TestCompiler.Find<TableDefinition>(model, "n.T").Fields;
        Assert.AreEqual("n.Inner", f[0].NestedFlatBuffer!.FullName);
        Assert.IsTrue(f[1].IsFlexBuffer);
        Assert.AreEqual("fnv1a_32", f[2].Hash);
        Assert.AreEqual("fnv1_64", f[3].Hash);
        Assert.AreEqual("fnv1_32", f[4].Hash);
        Assert.AreEqual("fnv1a_16", f[5].Hash);
    }

    [TestMethod]
    public void Compile_DeclaringType_LinksFieldsToTheirTable()
    {
        var model = TestCompiler.Valid("table T { a: int; }");

        var table = TestCompiler.Find<TableDefinition>(model, "T");
        Assert.AreSame(table, table.Fields[0].DeclaringType);
        Assert.AreEqual(4, table.Fields[0].Size);
    }
}
