using System.Globalization;
using Smf.Compiler.Schema;

namespace Smf.Compiler.CodeGen.Services;

/// <summary>
/// Writes the C# of the <c>rpc_service</c>s of a unit: per service a static <c>XIds</c> class (name and
/// ids as constants), the abstract base class <c>X</c> a server derives from, and the typed client
/// <c>XClient</c>; and, for every table of the unit that is a request or response of some method, the
/// partial declarations that plug it into the runtime's typed API (<c>IRpcTable</c>, <c>IRpcObject</c>).
/// </summary>
internal sealed class ServiceEmitter : ICSharpUnitContributor
{
    private const string Messages = "global::Smf.Messages.";
    private const string Server = "global::Smf.Server.";
    private const string Client = "global::Smf.Client.";
    private const string Tasks = "global::System.Threading.Tasks.";
    private const string CancellationToken = "global::System.Threading.CancellationToken";
    private const string GeneratedCode = "[global::System.CodeDom.Compiler.GeneratedCode(\"smfc\", \"1.0\")]";

    /// <summary>The services the unit emits (none when the unit generates no service code).</summary>
    public static List<ServiceDefinition> Services(CSharpUnit unit)
    {
        var services = new List<ServiceDefinition>();
        if (unit.Options.Services == ServiceCodeKinds.None)
        {
            return services;
        }

        foreach (var declaration in unit.SortedDeclarations())
        {
            if (declaration is ServiceDefinition service)
            {
                services.Add(service);
            }
        }

        return services;
    }

    /// <inheritdoc/>
    public IEnumerable<string> GetNamespaces(CSharpUnit unit)
    {
        var namespaces = new List<string>();
        foreach (var service in Services(unit))
        {
            namespaces.Add(unit.Types.Namespace(service));
        }

        foreach (var table in MessageTables(unit))
        {
            namespaces.Add(unit.Types.Namespace(table));
        }

        return namespaces;
    }

    /// <inheritdoc/>
    public void WriteNamespace(CSharpUnit unit, string csharpNamespace, CodeWriter writer)
    {
        foreach (var table in MessageTables(unit))
        {
            if (unit.Types.Namespace(table) == csharpNamespace)
            {
                WriteMessagePlugIns(unit, table, writer);
            }
        }

        foreach (var service in Services(unit))
        {
            if (unit.Types.Namespace(service) != csharpNamespace)
            {
                continue;
            }

            WriteIds(unit, service, writer);
            if ((unit.Options.Services & ServiceCodeKinds.Server) != 0)
            {
                WriteServer(unit, service, writer);
            }

            if ((unit.Options.Services & ServiceCodeKinds.Client) != 0)
            {
                WriteClient(unit, service, writer);
            }
        }
    }

    // Tables of this unit that travel as an rpc request or response of any service of the model: the
    // plug-ins live with the table, so they are emitted once however many services use it.
    private static List<TableDefinition> MessageTables(CSharpUnit unit)
    {
        var tables = new List<TableDefinition>();
        if (unit.Options.Services == ServiceCodeKinds.None)
        {
            return tables;
        }

        var seen = new HashSet<TableDefinition>();
        foreach (var service in unit.Model.Services)
        {
            foreach (var method in service.Methods)
            {
                foreach (var table in new[] { method.Request, method.Response })
                {
                    if (unit.Contains(table) && seen.Add(table))
                    {
                        tables.Add(table);
                    }
                }
            }
        }

        tables.Sort((a, b) => string.CompareOrdinal(a.FullName, b.FullName));
        return tables;
    }

    private static void WriteMessagePlugIns(CSharpUnit unit, TableDefinition table, CodeWriter w)
    {
        var accessor = unit.Types.Name(table);
        var qualified = unit.Types.Qualified(table);
        var objectName = unit.Types.ObjectName(table);
        var qualifiedObject = unit.Types.QualifiedObject(table);

        // The accessor's generated Verify(ReadOnlySpan<byte>) implements IRpcTable<T>.Verify as is.
        w.Line("partial struct " + accessor + " : " + Messages + "IRpcTable<" + qualified + ">");
        w.Line("{");
        w.Line("}");
        w.Line();
        using (w.Block("partial class " + objectName + " : " + Messages + "IRpcObject<" + qualifiedObject + ">"))
        {
            w.Line("static int " + Messages + "IRpcObject<" + qualifiedObject + ">.Pack(global::Google.FlatBuffers.FlatBufferBuilder builder, " + qualifiedObject + " value) => " + qualified + ".Pack(builder, value).Value;");
            if (table.Fields.All(static f => f.IsDeprecated))
            {
                w.Line();
                w.Line("static bool " + Messages + "IRpcObject<" + qualifiedObject + ">.IsFieldless => true;");
            }
        }

        w.Line();
    }

    private static void WriteIds(CSharpUnit unit, ServiceDefinition service, CodeWriter w)
    {
        var serviceId = SmfIds.Service(service.Name);
        w.Summary("The name and smf ids of the rpc_service " + service.Name + ": a request's header carries the request id of its method.");
        w.Line(GeneratedCode);
        using (w.Block(unit.Modifier + " static partial class " + ServiceNames.Ids(service)))
        {
            w.Summary("The service name as written in the schema; its CRC-32 is ServiceId.");
            w.Line("public const string ServiceName = " + Literal(service.Name) + ";");
            w.Line();
            w.Summary("The service id: CRC-32 of \"" + service.Name + "\".");
            w.Line("public const uint ServiceId = " + Decimal(serviceId) + ";");
            foreach (var method in service.Methods)
            {
                var methodId = SmfIds.Method(method.SmfMethodSignature);
                w.Line();
                w.Summary("The method id of " + method.Name + ": CRC-32 of \"" + method.SmfMethodSignature + "\".");
                w.Line("public const uint " + ServiceNames.MethodId(method) + " = " + Decimal(methodId) + ";");
                w.Line();
                w.Summary("The request id of " + method.Name + " (service id XOR method id), the meta field of its request headers.");
                w.Line("public const uint " + ServiceNames.RequestId(method) + " = " + Decimal(serviceId ^ methodId) + ";");
            }
        }

        w.Line();
    }

    private static void WriteServer(CSharpUnit unit, ServiceDefinition service, CodeWriter w)
    {
        var name = ServiceNames.Server(service);
        var ids = ServiceNames.Ids(service);
        WriteDocumentation(w, service.Documentation, "The server side of the rpc_service " + service.Name + ": derive from it, override the methods you implement and add it to an RpcServer. Methods you do not override answer 501 (Not Implemented).");
        w.Line(GeneratedCode);
        using (w.Block(unit.Modifier + " abstract partial class " + name + " : " + Server + "RpcService"))
        {
            w.Line("private " + Server + "RpcMethod[]? _methods;");
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line("public sealed override string Name => " + ids + ".ServiceName;");
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line("public sealed override uint ServiceId => " + ids + ".ServiceId;");
            w.Line();
            w.Line("/// <inheritdoc/>");
            w.Line("/// <remarks>Override it to replace a method with a raw <see cref=\"" + Server + "RpcMethod\"/> that works on the bytes.</remarks>");
            using (w.Block("public override global::System.Collections.Generic.IReadOnlyList<" + Server + "RpcMethod> Methods => _methods ??= new " + Server + "RpcMethod[]", "};"))
            {
                foreach (var method in service.Methods)
                {
                    w.Line(Server + "RpcMethod.Unary<" + unit.Types.Qualified(method.Request) + ", " + unit.Types.QualifiedObject(method.Response) + ">("
                        + Literal(method.Name) + ", " + ids + "." + ServiceNames.MethodId(method) + ", " + ServiceNames.Async(method) + "),");
                }
            }

            foreach (var method in service.Methods)
            {
                w.Line();
                WriteDocumentation(w, method.Documentation, "Handles " + method.Name + "(" + method.Request.FullName + "):" + method.Response.FullName + ". Unless overridden, answers 501 (Not Implemented).");
                w.Line("/// <param name=\"request\">The request, verified; it reads the received bytes in place and is valid until the returned task completes.</param>");
                w.Line("/// <param name=\"context\">The call: its status to answer, peer, shard, deadline and cancellation.</param>");
                w.Line("/// <returns>The response, sent with <c>context.Status</c> (200 unless set).</returns>");
                w.Line("public virtual " + Tasks + "ValueTask<" + unit.Types.QualifiedObject(method.Response) + "> " + ServiceNames.Async(method) + "(" + unit.Types.Qualified(method.Request) + " request, " + Server + "RpcCallContext context) =>");
                w.Line("    throw new global::Smf.RpcException(global::Smf.RpcStatus.NotImplemented, " + Literal(service.Name + "." + method.Name + " is not implemented.") + ");");
            }
        }

        w.Line();
    }

    private static void WriteClient(CSharpUnit unit, ServiceDefinition service, CodeWriter w)
    {
        var name = ServiceNames.Client(service);
        var ids = ServiceNames.Ids(service);
        w.Summary("The typed client of the rpc_service " + service.Name + ": one method per rpc method over an RpcClient (one server, which it connects to on the first call) or an RpcChannel (many). Thread-safe, like what it calls through.");
        w.Line(GeneratedCode);
        using (w.Block(unit.Modifier + " sealed partial class " + name))
        {
            // A request carries only its id: the names its metrics and spans are tagged with are registered once.
            using (w.Block("static " + name + "()"))
            {
                foreach (var method in service.Methods)
                {
                    w.Line("global::Smf.Diagnostics.RpcMethodNames.Register(" + ids + "." + ServiceNames.RequestId(method) + ", " + ids + ".ServiceName, " + Literal(method.Name) + ");");
                }
            }

            w.Line();
            w.Line("/// <summary>Creates a typed client over <paramref name=\"callInvoker\"/> (an RpcClient or an RpcChannel), which the caller disposes.</summary>");
            w.Line("/// <param name=\"callInvoker\">The connection to an smf server, or the channel over several, that serves " + service.Name + ".</param>");
            w.Line("/// <exception cref=\"global::System.ArgumentNullException\"><paramref name=\"callInvoker\"/> is null.</exception>");
            using (w.Block("public " + name + "(" + Client + "IRpcCallInvoker callInvoker)"))
            {
                w.Line("global::System.ArgumentNullException.ThrowIfNull(callInvoker);");
                w.Line("CallInvoker = callInvoker;");
            }

            w.Line();
            w.Summary("What this client calls through: an RpcClient or an RpcChannel.");
            w.Line("public " + Client + "IRpcCallInvoker CallInvoker { get; }");

            foreach (var method in service.Methods)
            {
                var requestObject = unit.Types.QualifiedObject(method.Request);
                var response = unit.Types.Qualified(method.Response);
                var responseObject = unit.Types.QualifiedObject(method.Response);
                var requestId = ids + "." + ServiceNames.RequestId(method);
                var methodName = ServiceNames.Async(method);
                var route = RouteExpression(unit, method);
                var summary = "Calls " + method.Name + "(" + method.Request.FullName + "):" + method.Response.FullName + (method.Documentation.Count > 0 ? ": " + string.Join(" ", method.Documentation).Trim() : ".");
                const string Request = "/// <param name=\"request\">The request, serialized before the call returns; null sends an empty table.</param>";
                var optionsDoc = "/// <param name=\"options\">The call's deadline (the client's default unless set), cancellation and compression hint" + RouteDocumentation(unit, method) + ".</param>";
                const string Throws = "/// <exception cref=\"global::Smf.RpcException\">The server answered a status other than 200.</exception>";

                w.Line();
                w.Summary(summary);
                w.Line(Request);
                w.Line("/// <param name=\"cancellationToken\">Cancels the call.</param>");
                w.Line("/// <returns>The response, when the server answers 200.</returns>");
                w.Line(Throws);
                w.Line("public " + Tasks + "ValueTask<" + responseObject + "> " + methodName + "(" + requestObject + "? request, " + CancellationToken + " cancellationToken = default) =>");
                w.Line("    " + methodName + "(request, new " + Client + "RpcCallOptions { CancellationToken = cancellationToken });");

                w.Line();
                w.Summary(summary);
                w.Line(Request);
                w.Line(optionsDoc);
                w.Line("/// <returns>The response, when the server answers 200.</returns>");
                w.Line(Throws);
                w.Line("public " + Tasks + "ValueTask<" + responseObject + "> " + methodName + "(" + requestObject + "? request, " + Client + "RpcCallOptions options) =>");
                w.Line("    CallInvoker.CallAsync<" + requestObject + ", " + response + ", " + responseObject + ">(" + requestId + ", request, static response => response.UnPack(), " + route + ");");

                w.Line();
                w.Summary(summary + " Returns the reply whatever its status, read in place (no copy, no allocation with a reused request).");
                w.Line(Request);
                w.Line(optionsDoc);
                w.Line("/// <returns>The reply: check <c>Status</c> and read <c>Message</c>; dispose it to return its pooled payload.</returns>");
                w.Line("public " + Tasks + "ValueTask<" + Client + "RpcResponse<" + response + ">> " + ServiceNames.WithStatusAsync(method) + "(" + requestObject + "? request, " + Client + "RpcCallOptions options = default) =>");
                w.Line("    CallInvoker.CallAsync<" + requestObject + ", " + response + ">(" + requestId + ", request, " + route + ");");
            }
        }

        w.Line();
    }

    /// <summary>
    /// The options a method sends with: routed by the request's <c>routing_key</c> field unless the caller set a key,
    /// and marked idempotent for <c>(idempotent)</c> methods (an RpcChannel may then send it again elsewhere).
    /// </summary>
    private static string RouteExpression(CSharpUnit unit, RpcMethodDefinition method)
    {
        const string Routing = "global::Smf.Balancing.RpcRouting.";
        var idempotent = method.IsIdempotent ? "true" : "false";
        if (method.Request.RoutingKeyField is not { } key)
        {
            return method.IsIdempotent ? Routing + "Idempotent(options)" : "options";
        }

        var value = "request?." + unit.Types.Members(method.Request)[key];
        var type = key.Type;
        if (type.Kind != SchemaTypeKind.String)
        {
            var underlying = type.Kind == SchemaTypeKind.Enum ? type.Enum!.UnderlyingType : type.Scalar;
            value = (underlying == ScalarKind.ULong ? "(ulong?)" : "(long?)") + value;
        }

        return Routing + "Route(options, " + value + ", " + idempotent + ")";
    }

    private static string RouteDocumentation(CSharpUnit unit, RpcMethodDefinition method)
    {
        var key = method.Request.RoutingKeyField is { } field ? "; routed by request." + unit.Types.Members(method.Request)[field] + " unless RoutingKey is set" : string.Empty;
        return key + (method.IsIdempotent ? "; idempotent: an RpcChannel may send it again to another endpoint after a connection failure" : string.Empty);
    }

    private static void WriteDocumentation(CodeWriter w, IReadOnlyList<string> documentation, string fallback)
    {
        if (documentation.Count == 0)
        {
            w.Summary(fallback);
            return;
        }

        w.Summary(documentation, fallback);
        w.Line("/// <remarks>" + CodeWriter.EscapeXml(fallback) + "</remarks>");
    }

    private static string Literal(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static string Decimal(uint value) => value.ToString(CultureInfo.InvariantCulture) + "u";
}
