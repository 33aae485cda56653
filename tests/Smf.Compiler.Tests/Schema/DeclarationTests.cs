using Smf.Compiler.Schema;

namespace Smf.Compiler.Tests.Schema;

[TestClass]
public sealed class DeclarationTests
{
    [TestMethod]
    public void Compile_NativeInclude_IsIgnored()
    {
        var model = TestCompiler.Valid("native_include \"x.h\";\ntable T {}");

        Assert.AreEqual(1, model.Tables.Count);
    }

    [TestMethod]
    public void Compile_Namespaces_QualifyDeclarationsAndCanBeReset()
    {
        var model = TestCompiler.Valid("namespace kvstore.fbs;\ntable PutRequest {}\nnamespace other;\ntable B {}\nnamespace;\ntable C {}");

        var put = TestCompiler.Find<TableDefinition>(model, "kvstore.fbs.PutRequest");
        CollectionAssert.AreEqual(new[] { "kvstore", "fbs" }, put.Namespace.ToArray());
        Assert.AreEqual("kvstore.fbs", put.NamespaceName);
        Assert.AreEqual("kvstore::fbs::PutRequest", put.CppName);
        Assert.IsNotNull(model.Find("other.B"));
        Assert.AreEqual("C", TestCompiler.Find<TableDefinition>(model, "C").CppName);
    }

    [TestMethod]
    public void Compile_AttributeDeclarations_InBothFormsAllowUse()
    {
        var model = TestCompiler.Valid("attribute \"priority\";\nattribute level;\ntable T (priority: 1) { a: int (level: \"x\"); }");

        CollectionAssert.AreEqual(new[] { "priority", "level" }, model.DeclaredAttributes.ToArray());
        var table = TestCompiler.Find<TableDefinition>(model, "T");
        Assert.AreEqual("1", table.FindAttribute("priority")!.Value);
        Assert.AreEqual("x", table.Fields[0].FindAttribute("level")!.Value);
        Assert.IsTrue(table.Fields[0].FindAttribute("level")!.IsString);
    }

    [TestMethod]
    public void Compile_CppOnlyAttributes_AreAcceptedAndIgnored()
    {
        var model = TestCompiler.Valid("table T (native_type: \"x\", cpp_ptr_type: \"y\") { a: [int] (cpp_type: \"z\", native_inline); }");

        Assert.AreEqual(2, TestCompiler.Find<TableDefinition>(model, "T").Attributes.Count);
    }

    [TestMethod]
    public void Compile_KnownAttributes_AreAccepted()
    {
        var model = TestCompiler.Valid("table T (csharp_partial, private, original_order) { a: string (shared, deprecated); }\nstruct S (force_align: 8, csharp_partial) { x: int; }");

        Assert.IsTrue(TestCompiler.Find<TableDefinition>(model, "T").IsPartial);
        Assert.IsTrue(TestCompiler.Find<TableDefinition>(model, "T").Fields[0].IsDeprecated);
        Assert.IsTrue(TestCompiler.Find<StructDefinition>(model, "S").IsPartial);
    }

    [TestMethod]
    public void Compile_EmptyTable_IsAccepted()
    {
        var model = TestCompiler.Valid("table Empty {}");

        var table = TestCompiler.Find<TableDefinition>(model, "Empty");
        Assert.AreEqual(0, table.Fields.Count);
        Assert.AreEqual(0, table.SlotCount);
    }

    [TestMethod]
    public void Compile_Enum_AutoIncrementsAndAcceptsTrailingComma()
    {
        var model = TestCompiler.Valid("enum Color : byte { Red = 1, Green, Blue = 10, Black, }");

        var e = TestCompiler.Find<EnumDefinition>(model, "Color");
        Assert.AreEqual(ScalarKind.Byte, e.UnderlyingType);
        CollectionAssert.AreEqual(new[] { 1L, 2L, 10L, 11L }, e.Values.Select(v => v.Value).ToArray());
    }

    [TestMethod]
    public void Compile_EmptyEnum_GetsImplicitNoneZeroLikeFlatc()
    {
        var model = TestCompiler.Valid("enum E : ubyte (bit_flags) { }\ntable T { e: E; }");

        var e = TestCompiler.Find<EnumDefinition>(model, "E");
        Assert.HasCount(1, e.Values);
        Assert.AreEqual("NONE", e.Values[0].Name);
        Assert.AreEqual(0L, e.Values[0].Value);
        Assert.AreEqual("NONE", TestCompiler.Find<TableDefinition>(model, "T").Fields[0].Default.EnumValues[0].Name);
    }

    [TestMethod]
    public void Compile_EnumUnderlyingAliases_MapToScalarKinds()
    {
        var model = TestCompiler.Valid("enum A : uint8 { X }\nenum B : int64 { X = -5 }\nenum C : ulong { X = 18446744073709551615 }");

        Assert.AreEqual(ScalarKind.UByte, TestCompiler.Find<EnumDefinition>(model, "A").UnderlyingType);
        Assert.AreEqual(-5L, TestCompiler.Find<EnumDefinition>(model, "B").Values[0].Value);
        Assert.AreEqual("18446744073709551615", TestCompiler.Find<EnumDefinition>(model, "C").Values[0].ValueText);
    }

    [TestMethod]
    public void Compile_BitFlagsEnum_StoresShiftedValues()
    {
        var model = TestCompiler.Valid("enum Perm : ubyte (bit_flags) { Read, Write, Exec = 7 }");

        var e = TestCompiler.Find<EnumDefinition>(model, "Perm");
        Assert.IsTrue(e.IsBitFlags);
        CollectionAssert.AreEqual(new[] { 1L, 2L, 128L }, e.Values.Select(v => v.Value).ToArray());
    }

    [TestMethod]
    public void Compile_EnumValueAttributes_AreRecorded()
    {
        var model = TestCompiler.Valid("attribute \"tag\";\nenum E : byte { A (tag: \"x\"), B }");

        Assert.AreEqual("x", TestCompiler.Find<EnumDefinition>(model, "E").Values[0].Attributes[0].Value);
    }

    [TestMethod]
    public void Compile_Union_HasNoneMembersAliasesStructsStringsAndQualifiedNames()
    {
        var model = TestCompiler.Valid("namespace X.Y;\ntable C {}\nnamespace;\ntable A {}\ntable B {}\nstruct P { x: int; }\nunion U { A, Alias: B, X.Y.C, P, S: string }");

        var members = TestCompiler.Find<UnionDefinition>(model, "U").Members;
        CollectionAssert.AreEqual(new[] { "NONE", "A", "Alias", "X_Y_C", "P", "S" }, members.Select(m => m.Name).ToArray());
        CollectionAssert.AreEqual(new[] { 0L, 1L, 2L, 3L, 4L, 5L }, members.Select(m => m.Value).ToArray());
        Assert.IsTrue(members[0].IsNone);
        Assert.IsTrue(members[2].IsAlias);
        Assert.AreEqual("B", members[2].Type!.Table!.Name);
        Assert.AreEqual("X.Y.C", members[3].Type!.Table!.FullName);
        Assert.AreEqual(SchemaTypeKind.Struct, members[4].Type!.Kind);
        Assert.AreEqual(SchemaTypeKind.String, members[5].Type!.Kind);
    }

    [TestMethod]
    public void Compile_UnionAliases_AllowTheSameTypeTwice()
    {
        var model = TestCompiler.Valid("table A {}\nunion U { A, Other: A }");

        Assert.AreEqual(3, TestCompiler.Find<UnionDefinition>(model, "U").Members.Count);
    }

    [TestMethod]
    public void Compile_UnionMembers_MayBeForwardReferences()
    {
        var model = TestCompiler.Valid("union U { Later }\ntable Later {}");

        Assert.AreEqual("Later", TestCompiler.Find<UnionDefinition>(model, "U").Members[1].Type!.Table!.Name);
    }

    [TestMethod]
    public void Compile_RootTypeFileIdentifierAndExtension_AreRecorded()
    {
        var model = TestCompiler.Valid("namespace ns;\ntable Monster {}\nroot_type Monster;\nfile_identifier \"MONS\";\nfile_extension \"mon\";");

        Assert.AreEqual("ns.Monster", model.RootType!.FullName);
        Assert.AreEqual("MONS", model.FileIdentifier);
        Assert.AreEqual("mon", model.FileExtension);
    }

    [TestMethod]
    public void Compile_RpcService_ResolvesQualifiedTypesAndAttributes()
    {
        var model = TestCompiler.Valid(
            "namespace kvstore.fbs;\ntable PutRequest {}\ntable PutResponse {}\nnamespace app;\n" +
            "rpc_service MemoryNode (csharp_partial) { Put(kvstore.fbs.PutRequest):kvstore.fbs.PutResponse (streaming: \"server\", idempotent); Get(kvstore.fbs.PutRequest):kvstore.fbs.PutResponse; }");

        var service = TestCompiler.Find<ServiceDefinition>(model, "app.MemoryNode");
        Assert.AreEqual(2, service.Methods.Count);
        var put = service.Methods[0];
        Assert.AreEqual("kvstore.fbs.PutRequest", put.Request.FullName);
        Assert.AreEqual("server", put.Streaming);
        Assert.IsTrue(put.IsIdempotent);
        Assert.IsNull(service.Methods[1].Streaming);
        Assert.AreEqual("Put:kvstore::fbs::PutRequest:kvstore::fbs::PutResponse", put.SmfMethodSignature);
        Assert.AreSame(service, put.Service);
    }

    [TestMethod]
    public void Compile_TypeLookup_UsesCurrentNamespaceThenParentsThenGlobal()
    {
        var model = TestCompiler.Valid(
            "table G {}\nnamespace a;\ntable P {}\ntable G {}\nnamespace a.b;\ntable T { p: P; g: G; q: a.P; r: T; }");

        var fields = TestCompiler.Find<TableDefinition>(model, "a.b.T").Fields;
        Assert.AreEqual("a.P", fields[0].Type.Table!.FullName);
        Assert.AreEqual("a.G", fields[1].Type.Table!.FullName, "The nearest enclosing namespace wins over the global one.");
        Assert.AreEqual("a.P", fields[2].Type.Table!.FullName);
        Assert.AreEqual("a.b.T", fields[3].Type.Table!.FullName);
    }

    [TestMethod]
    public void Compile_Declarations_AreListedPerFileInSourceOrder()
    {
        var model = TestCompiler.Valid("struct S { a: int; }\ntable T {}\nenum E : byte { A }\nunion U { T }\nrpc_service R { M(T):T; }");

        CollectionAssert.AreEqual(new[] { "S", "T", "E", "U", "R" }, model.Files[0].Declarations.Select(d => d.Name).ToArray());
        CollectionAssert.AreEqual(
            new[] { DeclarationKind.Struct, DeclarationKind.Table, DeclarationKind.Enum, DeclarationKind.Union, DeclarationKind.Service },
            model.Declarations.Select(d => d.Kind).ToArray());
        Assert.AreSame(model.Files[0], model.Declarations[0].File);
    }

    [TestMethod]
    public void Compile_ErrorRecovery_ReportsErrorsInLaterDeclarations()
    {
        var result = TestCompiler.Compile("table A { a int; b: Nope; }\ntable B { c: Missing; }\nstruct S {}");

        CollectionAssert.AreEqual(new[] { "SMF0101", "SMF0305", "SMF0305", "SMF0403" }, result.Diagnostics.Select(d => d.Code).ToArray(), TestCompiler.Format(result));
    }
}
