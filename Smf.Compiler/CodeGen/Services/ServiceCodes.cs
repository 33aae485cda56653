namespace Smf.Compiler.CodeGen.Services;

/// <summary>Diagnostic codes of C# code generation (SMF31xx; see docs/build-integration.md).</summary>
internal static class ServiceCodes
{
    /// <summary>
    /// A warning: a method has a <c>streaming</c> attribute other than <c>none</c>, which smf does not support (its C++
    /// generator neither); the method is left out of the generated service and client.
    /// </summary>
    public const string StreamingNotSupported = "SMF3101";

    /// <summary>A generated service type or method name collides with another generated name.</summary>
    public const string NameClash = "SMF3102";

    /// <summary>Two declarations generate the same C# type name, or a table or struct is named like one of its generated members.</summary>
    public const string TypeNameClash = "SMF3103";
}
