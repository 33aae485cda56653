namespace Smf.Compiler.Tests.Schema;

/// <summary>
/// One test per reject rule of schema-language.md: the code and the exact span of the first error.
/// The span is marked in the schema with [| and |] (the markers are removed before compiling).
/// </summary>
[TestClass]
public sealed class RejectRuleTests
{
    [TestMethod]
    public void Compile_UnexpectedCharacter_IsRejected() => MarkedSchema.AssertFirstError("table T { a: int; [|@|] }", "SMF0001");

    [TestMethod]
    public void Compile_UnterminatedString_IsRejected() => MarkedSchema.AssertFirstError("file_identifier [|\"ABCD|]\n", "SMF0002");

    [TestMethod]
    public void Compile_InvalidEscape_IsRejected() => MarkedSchema.AssertFirstError("file_extension \"ab[|\\q|]c\";", "SMF0003");

    [TestMethod]
    public void Compile_UnterminatedBlockComment_IsRejected() => MarkedSchema.AssertFirstError("table T {}\n[|/*|] never closed", "SMF0004");

    [TestMethod]
    public void Compile_MalformedNumber_IsRejected() => MarkedSchema.AssertFirstError("table T { a: int = [|0x|]; }", "SMF0005");

    [TestMethod]
    public void Compile_DocCommentAfterCode_IsRejected() => MarkedSchema.AssertFirstError("table T { a: int; [|/// trailing|]\n}", "SMF0006");

    [TestMethod]
    public void Compile_MissingColon_IsRejected() => MarkedSchema.AssertFirstError("table T { a [|int|]; }", "SMF0101");

    [TestMethod]
    public void Compile_UnknownTopLevelKeyword_IsRejected() => MarkedSchema.AssertFirstError("[|tabel|] T {}", "SMF0101");

    [TestMethod]
    public void Compile_IncludeAfterDeclaration_IsRejected() => MarkedSchema.AssertFirstError("table T {}\n[|include|] \"x.fbs\";", "SMF0103");

    [TestMethod]
    public void Compile_IncludeNotFound_IsRejected() => MarkedSchema.AssertFirstError("include [|\"missing.fbs\"|];", "SMF0203");

    [TestMethod]
    public void Compile_DuplicateTypeName_IsRejected() => MarkedSchema.AssertFirstError("table T {}\ntable [|T|] {}", "SMF0301");

    [TestMethod]
    public void Compile_DuplicateTypeAcrossKinds_IsRejected() => MarkedSchema.AssertFirstError("namespace A;\ntable T {}\nenum [|T|] : byte { X }", "SMF0301");

    [TestMethod]
    public void Compile_DuplicateFieldName_IsRejected() => MarkedSchema.AssertFirstError("table T { a: int; [|a|]: long; }", "SMF0302");

    [TestMethod]
    public void Compile_DuplicateStructFieldName_IsRejected() => MarkedSchema.AssertFirstError("struct S { a: int; [|a|]: int; }", "SMF0302");

    [TestMethod]
    public void Compile_DuplicateEnumValueName_IsRejected() => MarkedSchema.AssertFirstError("enum E : byte { A, [|A|] }", "SMF0303");

    [TestMethod]
    public void Compile_DuplicateUnionMemberName_IsRejected() => MarkedSchema.AssertFirstError("table A {}\ntable B {}\nunion U { X: A, [|X|]: B }", "SMF0303");

    [TestMethod]
    public void Compile_DuplicateMethodName_IsRejected() => MarkedSchema.AssertFirstError("table R {}\nrpc_service S { M(R):R; [|M|](R):R; }", "SMF0304");

    [TestMethod]
    public void Compile_UnknownFieldType_IsRejected() => MarkedSchema.AssertFirstError("table T { a: [|Foo|]; }", "SMF0305");

    [TestMethod]
    public void Compile_TypeInOtherNamespace_IsRejected() => MarkedSchema.AssertFirstError("namespace A;\ntable X {}\nnamespace B;\ntable T { x: [|X|]; }", "SMF0305");

    [TestMethod]
    public void Compile_UnknownRootType_IsRejected() => MarkedSchema.AssertFirstError("root_type [|Nope|];", "SMF0305");

    [TestMethod]
    public void Compile_UnknownRpcType_IsRejected() => MarkedSchema.AssertFirstError("table R {}\nrpc_service S { M([|Nope|]):R; }", "SMF0305");

    [TestMethod]
    public void Compile_UnknownUnionMember_IsRejected() => MarkedSchema.AssertFirstError("union U { [|Nope|] }", "SMF0305");

    [TestMethod]
    public void Compile_EnumUsedBeforeDeclaration_IsRejected() => MarkedSchema.AssertFirstError("table T { c: [|Color|]; }\nenum Color : byte { Red }", "SMF0306");

    [TestMethod]
    public void Compile_UnionUsedBeforeDeclaration_IsRejected() => MarkedSchema.AssertFirstError("table A {}\ntable T { u: [|U|]; }\nunion U { A }", "SMF0306");

    [TestMethod]
    public void Compile_UndeclaredAttribute_IsRejected() => MarkedSchema.AssertFirstError("table T ([|priority|]) {}", "SMF0307");

    [TestMethod]
    public void Compile_AttributeDeclaredAfterUse_IsRejected() => MarkedSchema.AssertFirstError("table T ([|priority|]) {}\nattribute \"priority\";", "SMF0307");

    [TestMethod]
    public void Compile_UndeclaredFieldAttribute_IsRejected() => MarkedSchema.AssertFirstError("table T { a: int ([|foo|]: 1); }", "SMF0307");

    [TestMethod]
    public void Compile_NonIntegerId_IsRejected() => MarkedSchema.AssertFirstError("table T { a: int (id: [|x|]); }", "SMF0308");

    [TestMethod]
    public void Compile_NonIntegerForceAlign_IsRejected() => MarkedSchema.AssertFirstError("struct S (force_align: [|\"big\"|]) { a: int; }", "SMF0308");

    [TestMethod]
    public void Compile_UnionTypeNameClash_IsRejected() => MarkedSchema.AssertFirstError("table A {}\nunion U { A }\ntable T { u: U; [|u_type|]: int; }", "SMF0309");

    [TestMethod]
    public void Compile_VectorLengthNameClash_IsRejected() => MarkedSchema.AssertFirstError("table T { [|v_length|]: int; v: [int]; }", "SMF0309");

    [TestMethod]
    public void Compile_StringInStruct_IsRejected() => MarkedSchema.AssertFirstError("struct S { a: [|string|]; }", "SMF0401");

    [TestMethod]
    public void Compile_VectorInStruct_IsRejected() => MarkedSchema.AssertFirstError("struct S { a: [|[int]|]; }", "SMF0401");

    [TestMethod]
    public void Compile_TableInStruct_IsRejected() => MarkedSchema.AssertFirstError("table T {}\nstruct S { a: [|T|]; }", "SMF0401");

    [TestMethod]
    public void Compile_UnionInStruct_IsRejected() => MarkedSchema.AssertFirstError("table T {}\nunion U { T }\nstruct S { a: [|U|]; }", "SMF0401");

    [TestMethod]
    public void Compile_StructUsesLaterStruct_IsRejected() => MarkedSchema.AssertFirstError("struct A { b: [|B|]; }\nstruct B { x: int; }", "SMF0402");

    [TestMethod]
    public void Compile_StructContainsItself_IsRejected() => MarkedSchema.AssertFirstError("struct A { x: int; a: [|A|]; }", "SMF0402");

    [TestMethod]
    public void Compile_EmptyStruct_IsRejected() => MarkedSchema.AssertFirstError("struct [|S|] {}", "SMF0403");

    [TestMethod]
    public void Compile_ArrayInTable_IsRejected() => MarkedSchema.AssertFirstError("table T { a: [|[int:2]|]; }", "SMF0404");

    [TestMethod]
    public void Compile_ArrayLengthZero_IsRejected() => MarkedSchema.AssertFirstError("struct S { a: [int:[|0|]]; }", "SMF0405");

    [TestMethod]
    public void Compile_ArrayLengthTooLarge_IsRejected() => MarkedSchema.AssertFirstError("struct S { a: [int:[|65536|]]; }", "SMF0405");

    [TestMethod]
    public void Compile_ForceAlignNotPowerOfTwo_IsRejected() => MarkedSchema.AssertFirstError("struct S (force_align: [|3|]) { a: int; }", "SMF0406");

    [TestMethod]
    public void Compile_ForceAlignBelowNatural_IsRejected() => MarkedSchema.AssertFirstError("struct S (force_align: [|2|]) { a: int; }", "SMF0406");

    [TestMethod]
    public void Compile_ForceAlignAbove32_IsRejected() => MarkedSchema.AssertFirstError("struct S (force_align: [|64|]) { a: int; }", "SMF0406");

    [TestMethod]
    public void Compile_ArrayOfStrings_IsRejected() => MarkedSchema.AssertFirstError("struct S { a: [[|string|]:2]; }", "SMF0407");

    [TestMethod]
    public void Compile_ArrayOfArrays_IsRejected() => MarkedSchema.AssertFirstError("struct S { a: [[|[int:2]|]:2]; }", "SMF0407");

    [TestMethod]
    public void Compile_VectorOfVectors_IsRejected() => MarkedSchema.AssertFirstError("table T { a: [[|[int]|]]; }", "SMF0501");

    [TestMethod]
    public void Compile_DefaultOnStructField_IsRejected() => MarkedSchema.AssertFirstError("struct S { a: int = [|1|]; }", "SMF0502");

    [TestMethod]
    public void Compile_DefaultOnString_IsRejected() => MarkedSchema.AssertFirstError("table T { s: string = [|\"x\"|]; }", "SMF0503");

    [TestMethod]
    public void Compile_DefaultOnVector_IsRejected() => MarkedSchema.AssertFirstError("table T { v: [int] = [|0|]; }", "SMF0503");

    [TestMethod]
    public void Compile_DefaultOnStructTypedField_IsRejected() => MarkedSchema.AssertFirstError("struct S { a: int; }\ntable T { s: S = [|0|]; }", "SMF0503");

    [TestMethod]
    public void Compile_NonNoneDefaultOnUnion_IsRejected() => MarkedSchema.AssertFirstError("table A {}\nunion U { A }\ntable T { u: U = [|A|]; }", "SMF0503");

    [TestMethod]
    public void Compile_DefaultOutOfRange_IsRejected() => MarkedSchema.AssertFirstError("table T { a: ubyte = [|256|]; }", "SMF0504");

    [TestMethod]
    public void Compile_NegativeDefaultOnUnsigned_IsRejected() => MarkedSchema.AssertFirstError("table T { a: uint = [|-1|]; }", "SMF0504");

    [TestMethod]
    public void Compile_FloatDefaultOnInteger_IsRejected() => MarkedSchema.AssertFirstError("table T { a: int = [|1.5|]; }", "SMF0504");

    [TestMethod]
    public void Compile_BadBoolDefault_IsRejected() => MarkedSchema.AssertFirstError("table T { a: bool = [|2|]; }", "SMF0504");

    [TestMethod]
    public void Compile_WordDefaultOnFloat_IsRejected() => MarkedSchema.AssertFirstError("table T { a: float = [|big|]; }", "SMF0504");

    [TestMethod]
    public void Compile_RequiredScalar_IsRejected() => MarkedSchema.AssertFirstError("table T { a: int ([|required|]); }", "SMF0505");

    [TestMethod]
    public void Compile_RequiredInStruct_IsRejected() => MarkedSchema.AssertFirstError("struct S { a: int ([|required|]); }", "SMF0505");

    [TestMethod]
    public void Compile_SecondKey_IsRejected() => MarkedSchema.AssertFirstError("table T { a: int (key); b: int ([|key|]); }", "SMF0506");

    [TestMethod]
    public void Compile_KeyOnOptionalScalar_IsRejected() => MarkedSchema.AssertFirstError("table T { a: int = null ([|key|]); }", "SMF0507");

    [TestMethod]
    public void Compile_KeyOnTable_IsRejected() => MarkedSchema.AssertFirstError("table A {}\ntable T { a: A ([|key|]); }", "SMF0507");

    [TestMethod]
    public void Compile_IdOnSomeFields_IsRejected() => MarkedSchema.AssertFirstError("table T { a: int (id: 0); [|b|]: int; }", "SMF0508");

    [TestMethod]
    public void Compile_IdGap_IsRejected() => MarkedSchema.AssertFirstError("table T { a: int (id: 0); b: int (id: [|2|]); }", "SMF0509");

    [TestMethod]
    public void Compile_DuplicateId_IsRejected() => MarkedSchema.AssertFirstError("table T { a: int (id: 0); b: int (id: [|0|]); }", "SMF0509");

    [TestMethod]
    public void Compile_UnionIdZero_IsRejected() => MarkedSchema.AssertFirstError("table A {}\nunion U { A }\ntable T { u: U (id: [|0|]); }", "SMF0509");

    [TestMethod]
    public void Compile_UnionIdOverlapsPrevious_IsRejected() => MarkedSchema.AssertFirstError("table A {}\nunion U { A }\ntable T { a: int (id: 0); u: U (id: [|1|]); }", "SMF0509");

    [TestMethod]
    public void Compile_NestedFlatBufferOnIntVector_IsRejected() => MarkedSchema.AssertFirstError("table R {}\ntable T { a: [int] ([|nested_flatbuffer|]: \"R\"); }", "SMF0510");

    [TestMethod]
    public void Compile_FlexBufferOnString_IsRejected() => MarkedSchema.AssertFirstError("table T { a: string ([|flexbuffer|]); }", "SMF0510");

    [TestMethod]
    public void Compile_UnknownNestedRoot_IsRejected() => MarkedSchema.AssertFirstError("table T { a: [ubyte] (nested_flatbuffer: [|\"Nope\"|]); }", "SMF0511");

    [TestMethod]
    public void Compile_NestedRootIsStruct_IsRejected() => MarkedSchema.AssertFirstError("struct S { a: int; }\ntable T { a: [ubyte] (nested_flatbuffer: [|\"S\"|]); }", "SMF0511");

    [TestMethod]
    public void Compile_HashOnString_IsRejected() => MarkedSchema.AssertFirstError("table T { a: string ([|hash|]: \"fnv1a_32\"); }", "SMF0512");

    [TestMethod]
    public void Compile_HashOnByte_IsRejected() => MarkedSchema.AssertFirstError("table T { a: byte ([|hash|]: \"fnv1a_32\"); }", "SMF0512");

    [TestMethod]
    public void Compile_UnknownHashAlgorithm_IsRejected() => MarkedSchema.AssertFirstError("table T { a: uint (hash: [|\"md5\"|]); }", "SMF0513");

    [TestMethod]
    public void Compile_HashWidthMismatch_IsRejected() => MarkedSchema.AssertFirstError("table T { a: uint (hash: [|\"fnv1a_64\"|]); }", "SMF0513");

    [TestMethod]
    public void Compile_ImplicitZeroNotInEnum_IsRejected() => MarkedSchema.AssertFirstError("enum E : byte { A = 1 }\ntable T { [|e|]: E; }", "SMF0514");

    [TestMethod]
    public void Compile_DefaultNameNotInEnum_IsRejected() => MarkedSchema.AssertFirstError("enum E : byte { A }\ntable T { e: E = [|B|]; }", "SMF0514");

    [TestMethod]
    public void Compile_DefaultNumberNotInEnum_IsRejected() => MarkedSchema.AssertFirstError("enum E : byte { A, B }\ntable T { e: E = [|7|]; }", "SMF0514");

    [TestMethod]
    public void Compile_VectorOfArrays_IsRejected() => MarkedSchema.AssertFirstError("table T { a: [[|[int:2]|]]; }", "SMF0515");

    [TestMethod]
    public void Compile_EnumWithoutUnderlyingType_IsRejected() => MarkedSchema.AssertFirstError("enum [|E|] { A }", "SMF0601");

    [TestMethod]
    public void Compile_FloatUnderlyingType_IsRejected() => MarkedSchema.AssertFirstError("enum E : [|float|] { A }", "SMF0602");

    [TestMethod]
    public void Compile_StringUnderlyingType_IsRejected() => MarkedSchema.AssertFirstError("enum E : [|string|] { A }", "SMF0602");

    [TestMethod]
    public void Compile_DuplicateEnumValue_IsRejected() => MarkedSchema.AssertFirstError("enum E : byte { A = 1, B = [|1|] }", "SMF0603");

    [TestMethod]
    public void Compile_ImplicitDuplicateEnumValue_IsRejected() => MarkedSchema.AssertFirstError("enum E : byte { A = 2, B = 1, [|C|] }", "SMF0603");

    [TestMethod]
    public void Compile_DuplicateUnionValue_IsRejected() => MarkedSchema.AssertFirstError("table A {}\ntable B {}\nunion U { A = 1, B = [|1|] }", "SMF0603");

    [TestMethod]
    public void Compile_EnumValueOutOfRange_IsRejected() => MarkedSchema.AssertFirstError("enum E : byte { A = [|128|] }", "SMF0604");

    [TestMethod]
    public void Compile_ImplicitEnumValueOverflows_IsRejected() => MarkedSchema.AssertFirstError("enum E : ubyte { A = 255, [|B|] }", "SMF0604");

    [TestMethod]
    public void Compile_UnionValueOutOfRange_IsRejected() => MarkedSchema.AssertFirstError("table A {}\nunion U { A = [|256|] }", "SMF0604");

    [TestMethod]
    public void Compile_BitFlagTooLarge_IsRejected() => MarkedSchema.AssertFirstError("enum E : ubyte (bit_flags) { A = [|8|] }", "SMF0605");

    [TestMethod]
    public void Compile_ImplicitBitFlagTooLarge_IsRejected() => MarkedSchema.AssertFirstError("enum E : ubyte (bit_flags) { A = 7, [|B|] }", "SMF0605");

    [TestMethod]
    public void Compile_EnumAsUnionMember_IsRejected() => MarkedSchema.AssertFirstError("enum E : byte { A }\nunion U { [|E|] }", "SMF0701");

    [TestMethod]
    public void Compile_SameUnionMemberTwice_IsRejected() => MarkedSchema.AssertFirstError("table A {}\nunion U { A, [|A|] }", "SMF0702");

    [TestMethod]
    public void Compile_RootTypeStruct_IsRejected() => MarkedSchema.AssertFirstError("struct S { a: int; }\nroot_type [|S|];", "SMF0801");

    [TestMethod]
    public void Compile_ShortFileIdentifier_IsRejected() => MarkedSchema.AssertFirstError("file_identifier [|\"ABC\"|];", "SMF0802");

    [TestMethod]
    public void Compile_LongFileIdentifier_IsRejected() => MarkedSchema.AssertFirstError("file_identifier [|\"ABCDE\"|];", "SMF0802");

    [TestMethod]
    public void Compile_RpcRequestStruct_IsRejected() => MarkedSchema.AssertFirstError("struct S { a: int; }\ntable R {}\nrpc_service Svc { M([|S|]):R; }", "SMF0901");

    [TestMethod]
    public void Compile_RpcResponseEnum_IsRejected() => MarkedSchema.AssertFirstError("enum E : byte { A }\ntable R {}\nrpc_service Svc { M(R):[|E|]; }", "SMF0901");

    [TestMethod]
    public void Compile_BadStreamingValue_IsRejected() => MarkedSchema.AssertFirstError("table R {}\nrpc_service Svc { M(R):R (streaming: [|\"sideways\"|]); }", "SMF0902");

    [TestMethod]
    public void Compile_Offset64Field_IsRejected() => MarkedSchema.AssertFirstError("table T { v: [ubyte] ([|offset64|]); }", "SMF0516");

    [TestMethod]
    public void Compile_DeclaredOffset64Attribute_IsStillRejected() => MarkedSchema.AssertFirstError("attribute \"offset64\";\ntable T { s: string ([|offset64|]); }", "SMF0516");

    [TestMethod]
    public void Compile_Vector64Field_IsRejected() => MarkedSchema.AssertFirstError("table T { v: [ubyte] (id: 0, [|vector64|]); }", "SMF0516");

    [TestMethod]
    public void Compile_Offset64OnStructField_IsRejected() => MarkedSchema.AssertFirstError("struct S { a: int ([|offset64|]); }", "SMF0516");

    [TestMethod]
    public void Compile_RoutingKeyOnFloat_IsRejected() => MarkedSchema.AssertFirstError("attribute \"routing_key\";\ntable T { a: double ([|routing_key|]); }", "SMF0517");

    [TestMethod]
    public void Compile_RoutingKeyOnVector_IsRejected() => MarkedSchema.AssertFirstError("attribute \"routing_key\";\ntable T { a: [string] ([|routing_key|]); }", "SMF0517");

    [TestMethod]
    public void Compile_RoutingKeyOnStructField_IsRejected() => MarkedSchema.AssertFirstError("attribute \"routing_key\";\nstruct S { a: int ([|routing_key|]); }", "SMF0517");

    [TestMethod]
    public void Compile_TwoRoutingKeys_IsRejected() => MarkedSchema.AssertFirstError("attribute \"routing_key\";\ntable T { a: string (routing_key); b: long ([|routing_key|]); }", "SMF0518");

    [TestMethod]
    public void Compile_UndeclaredRoutingKey_IsRejected() => MarkedSchema.AssertFirstError("table T { a: string ([|routing_key|]); }", "SMF0307");

    [TestMethod]
    public void Compile_NonAdjacentDuplicateEnumValue_IsRejected() => MarkedSchema.AssertFirstError("enum E : uint { A, B, C = 7, D = [|1|] }", "SMF0603");

    [TestMethod]
    public void Compile_BitFlagOnSignBit_IsRejected() => MarkedSchema.AssertFirstError("enum E : byte (bit_flags) { A, B = [|7|] }", "SMF0605");

    [TestMethod]
    public void Compile_StructFieldEnumWithoutZero_IsRejected() => MarkedSchema.AssertFirstError("enum E : ubyte { A = 1 }\nstruct S { [|e|]: E; }", "SMF0514");

    [TestMethod]
    public void Compile_EmptyVectorDefault_IsRejected() => MarkedSchema.AssertFirstError("table T { v: [int] = [|[]|]; }", "SMF0503");

    [TestMethod]
    public void Compile_DeprecatedStructField_IsRejected() => MarkedSchema.AssertFirstError("struct S { a: int ([|deprecated|]); }", "SMF0408");

    [TestMethod]
    public void Compile_FloatAttributeValue_IsRejected() => MarkedSchema.AssertFirstError("attribute \"priority\";\ntable T (priority: [|1.5|]) {}", "SMF0308");

    [TestMethod]
    public void Compile_HexIntegerDefaultOnFloat_IsRejected() => MarkedSchema.AssertFirstError("table T { a: float = [|0x10|]; }", "SMF0504");

    [TestMethod]
    public void Compile_EmptyNameInBitFlagsDefault_IsRejected() => MarkedSchema.AssertFirstError("enum P : ubyte (bit_flags) { R, W }\ntable T { p: P = [|\"R \"|]; }", "SMF0514");
}
