using Smf.Compiler.Schema;

namespace Smf.Compiler.CodeGen.Services;

/// <summary>Checks the services a unit generates before any code is written (SMF31xx).</summary>
internal static class ServiceValidator
{
    public static List<Diagnostic> Validate(CSharpUnit unit, IReadOnlyList<ServiceDefinition> services)
    {
        var diagnostics = new List<Diagnostic>();
        if (services.Count == 0)
        {
            return diagnostics;
        }

        // Every C# type name the model generates, per namespace, to detect clashes with service types.
        var taken = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var declaration in unit.Model.Declarations)
        {
            if (declaration is ServiceDefinition)
            {
                continue;
            }

            var ns = unit.Types.Namespace(declaration);
            taken[ns + "." + unit.Types.Name(declaration)] = "the " + declaration.Kind.ToString().ToLowerInvariant() + " '" + declaration.FullName + "'";
            if (declaration.Kind is DeclarationKind.Table or DeclarationKind.Struct or DeclarationKind.Union)
            {
                taken[ns + "." + unit.Types.ObjectName(declaration)] = "the object-API class of '" + declaration.FullName + "'";
            }
        }

        foreach (var service in unit.Model.Services)
        {
            var ns = unit.Types.Namespace(service);
            foreach (var generated in new[] { ServiceNames.Server(service), ServiceNames.Client(service), ServiceNames.Ids(service) })
            {
                var key = ns + "." + generated;
                if (taken.TryGetValue(key, out var owner))
                {
                    if (unit.Contains(service))
                    {
                        diagnostics.Add(Error(ServiceCodes.NameClash, service.Location, $"The rpc_service '{service.FullName}' generates the type '{generated}', which clashes with {owner}; rename one of them."));
                    }
                }
                else
                {
                    taken.Add(key, "a type generated for the rpc_service '" + service.FullName + "'");
                }
            }
        }

        foreach (var service in services)
        {
            var methodNames = new Dictionary<string, RpcMethodDefinition>(StringComparer.Ordinal);
            foreach (var method in service.Methods)
            {
                var streaming = method.Streaming;
                if (streaming is not null && streaming != "none")
                {
                    var location = method.FindAttribute("streaming")?.Location ?? method.Location;
                    diagnostics.Add(Error(ServiceCodes.StreamingNotSupported, location, $"The method '{service.Name}.{method.Name}' is declared with streaming: \"{streaming}\", but smf services exchange exactly one request and one reply per call; remove the attribute or use streaming: \"none\"."));
                }

                var stem = ServiceNames.Method(method);
                if (methodNames.TryGetValue(stem, out var other))
                {
                    diagnostics.Add(Error(ServiceCodes.NameClash, method.Location, $"The methods '{other.Name}' and '{method.Name}' of the rpc_service '{service.FullName}' both generate C# members named '{stem}Async'; rename one of them."));
                }
                else
                {
                    methodNames.Add(stem, method);
                }
            }
        }

        return diagnostics;
    }

    private static Diagnostic Error(string code, SourceLocation location, string message) =>
        new(code, DiagnosticSeverity.Error, message, location.File, location.Line, location.Column, location.EndLine, location.EndColumn);
}
