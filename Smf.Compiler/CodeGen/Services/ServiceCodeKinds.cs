namespace Smf.Compiler.CodeGen.Services;

/// <summary>Which code an <c>rpc_service</c> generates: the server base class, the typed client, both or neither.</summary>
[Flags]
public enum ServiceCodeKinds
{
    /// <summary>No service code; the request and response tables are still generated.</summary>
    None = 0,

    /// <summary>The service base class (e.g. <c>MemoryNode</c>) that a server derives from.</summary>
    Server = 1,

    /// <summary>The typed client (e.g. <c>MemoryNodeClient</c>).</summary>
    Client = 2,

    /// <summary>Both the base class and the client. The default.</summary>
    Both = Server | Client,
}
