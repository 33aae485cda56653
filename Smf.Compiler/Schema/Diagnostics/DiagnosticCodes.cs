namespace Smf.Compiler.Schema;

/// <summary>One code per rule; the table in docs/diagnostics.md lists them. Codes are never reused.</summary>
internal static class DiagnosticCodes
{
    // Lexical
    public const string UnexpectedCharacter = "SMF0001";
    public const string UnterminatedString = "SMF0002";
    public const string InvalidEscape = "SMF0003";
    public const string UnterminatedComment = "SMF0004";
    public const string MalformedNumber = "SMF0005";
    public const string MisplacedDocComment = "SMF0006";

    // Syntax
    public const string UnexpectedToken = "SMF0101";
    public const string NestingTooDeep = "SMF0102";
    public const string IncludeAfterDeclaration = "SMF0103";

    // Files and command line
    public const string InvalidCommandLine = "SMF0200";
    public const string NoInputFiles = "SMF0201";
    public const string FileNotFound = "SMF0202";
    public const string IncludeNotFound = "SMF0203";
    public const string FileUnreadable = "SMF0204";

    // Names, types and attributes
    public const string DuplicateTypeName = "SMF0301";
    public const string DuplicateFieldName = "SMF0302";
    public const string DuplicateEnumValueName = "SMF0303";
    public const string DuplicateMethodName = "SMF0304";
    public const string UnknownType = "SMF0305";
    public const string UsedBeforeDeclaration = "SMF0306";
    public const string UndeclaredAttribute = "SMF0307";
    public const string InvalidAttributeValue = "SMF0308";
    public const string GeneratedNameClash = "SMF0309";
    public const string FieldNamedLikeType = "SMF0310";

    // Structs and arrays
    public const string InvalidStructFieldType = "SMF0401";
    public const string StructNotYetDeclared = "SMF0402";
    public const string EmptyStruct = "SMF0403";
    public const string ArrayOutsideStruct = "SMF0404";
    public const string ArrayLengthOutOfRange = "SMF0405";
    public const string InvalidForceAlign = "SMF0406";
    public const string InvalidArrayElement = "SMF0407";
    public const string DeprecatedStructField = "SMF0408";

    // Fields
    public const string VectorOfVectors = "SMF0501";
    public const string DefaultOnStructField = "SMF0502";
    public const string DefaultOnNonScalar = "SMF0503";
    public const string InvalidDefault = "SMF0504";
    public const string InvalidRequired = "SMF0505";
    public const string DuplicateKey = "SMF0506";
    public const string InvalidKey = "SMF0507";
    public const string PartialIds = "SMF0508";
    public const string InvalidIds = "SMF0509";
    public const string InvalidNestedFlatBuffer = "SMF0510";
    public const string UnknownNestedRoot = "SMF0511";
    public const string InvalidHashType = "SMF0512";
    public const string UnknownHashAlgorithm = "SMF0513";
    public const string DefaultNotInEnum = "SMF0514";
    public const string InvalidVectorElement = "SMF0515";
    public const string Offset64NotSupported = "SMF0516";
    public const string InvalidRoutingKey = "SMF0517";
    public const string DuplicateRoutingKey = "SMF0518";

    // Enums and unions
    public const string MissingUnderlyingType = "SMF0601";
    public const string NonIntegralUnderlyingType = "SMF0602";
    public const string DuplicateEnumValue = "SMF0603";
    public const string EnumValueOutOfRange = "SMF0604";
    public const string BitFlagOutOfRange = "SMF0605";

    // SMF0606 (enum without values) is retired: such an enum gets an implicit NONE = 0, as in flatc.
    public const string InvalidUnionMember = "SMF0701";
    public const string DuplicateUnionMember = "SMF0702";

    // File-level declarations
    public const string RootTypeNotTable = "SMF0801";
    public const string InvalidFileIdentifier = "SMF0802";

    // Services
    public const string RpcTypeNotTable = "SMF0901";
    public const string InvalidStreaming = "SMF0902";
}
