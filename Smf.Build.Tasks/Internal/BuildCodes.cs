namespace Smf.Build.Tasks.Internal;

/// <summary>The codes of errors the build reports itself (documented in docs/build-integration.md).</summary>
internal static class BuildCodes
{
    /// <summary>The Services metadata is not Both, Server, Client or None.</summary>
    public const string InvalidServices = "SMF3001";

    /// <summary>The Access metadata is not public or internal.</summary>
    public const string InvalidAccess = "SMF3002";

    /// <summary>The Generate metadata is not true or false.</summary>
    public const string InvalidGenerate = "SMF3003";

    /// <summary>The Namespace metadata is not a dotted C# identifier.</summary>
    public const string InvalidNamespace = "SMF3004";

    /// <summary>Two items would write the same generated file.</summary>
    public const string DuplicateOutput = "SMF3005";

    /// <summary>A generated or dependency file could not be written.</summary>
    public const string WriteFailed = "SMF3006";

    /// <summary>An item lacks the OutputFile or DependencyFile metadata the targets compute.</summary>
    public const string MissingMetadata = "SMF3007";

    /// <summary>Two items that share included types have different Namespace overrides.</summary>
    public const string ConflictingNamespaces = "SMF3008";

    /// <summary>The Nullable value is not enable, disable, annotations or warnings.</summary>
    public const string InvalidNullable = "SMF3009";

    /// <summary>The same schema is listed twice with different metadata.</summary>
    public const string ConflictingDuplicate = "SMF3010";
}
