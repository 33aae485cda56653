using Smf.Compiler.Schema;

namespace Smf.Compiler.CodeGen.Services;

/// <summary>The C# names generated for an <c>rpc_service</c> and its methods.</summary>
internal static class ServiceNames
{
    /// <summary>The abstract base class a server derives from, e.g. <c>MemoryNode</c>.</summary>
    public static string Server(ServiceDefinition service) => CSharpNames.Escape(service.Name);

    /// <summary>The typed client, e.g. <c>MemoryNodeClient</c>.</summary>
    public static string Client(ServiceDefinition service) => service.Name + "Client";

    /// <summary>The static class of the service's name and ids, e.g. <c>MemoryNodeIds</c>.</summary>
    public static string Ids(ServiceDefinition service) => service.Name + "Ids";

    /// <summary>The PascalCase stem of a method's members, e.g. <c>Put</c> or <c>GetValue</c> for <c>get_value</c>.</summary>
    public static string Method(RpcMethodDefinition method) => CSharpNames.Pascal(method.Name);

    /// <summary>The typed handler and client method, e.g. <c>PutAsync</c>.</summary>
    public static string Async(RpcMethodDefinition method) => Method(method) + "Async";

    /// <summary>The client method that returns the reply whatever its status, e.g. <c>PutWithStatusAsync</c>.</summary>
    public static string WithStatusAsync(RpcMethodDefinition method) => Method(method) + "WithStatusAsync";

    /// <summary>The method id constant, e.g. <c>PutMethodId</c>.</summary>
    public static string MethodId(RpcMethodDefinition method) => Method(method) + "MethodId";

    /// <summary>The request id constant, e.g. <c>PutRequestId</c>.</summary>
    public static string RequestId(RpcMethodDefinition method) => Method(method) + "RequestId";
}
