namespace Smf.Compiler.CodeGen;

/// <summary>
/// The names generated code uses for the support code it shares: the helpers and the verifier core live once in
/// Smf.Runtime (namespace <c>Smf.Messages</c>), and each unit declares only its schema-specific verify methods, in a
/// <c>file static class</c> so that several generated units in one project never collide.
/// </summary>
internal static class RuntimeSupport
{
    /// <summary>Smf.Runtime's reading and building helpers (<c>Smf.Messages.FlatBufferSupport</c>).</summary>
    public const string Support = Messages + "FlatBufferSupport";

    /// <summary>Smf.Runtime's verifier core, a <c>ref struct</c> (<c>Smf.Messages.FlatBufferVerifier</c>).</summary>
    public const string Verifier = Messages + "FlatBufferVerifier";

    /// <summary>Smf.Runtime's FlexBuffer verifier (<c>Smf.Messages.FlexBufferVerifier</c>).</summary>
    public const string FlexVerifier = Messages + "FlexBufferVerifier";

    /// <summary>The <c>file static class</c> of a unit with one verify method per reachable table and union.</summary>
    public const string VerifierClass = "SmfGenerated__Verifier";

    private const string Messages = "global::Smf.Messages.";
}
