using Smf.Compiler.Schema;

namespace Smf.Compiler.CodeGen.Services;

/// <summary>Checks the type names and services a unit generates before any code is written (SMF31xx).</summary>
internal static class ServiceValidator
{
    // Members every generated table or struct accessor has; a type of the same name would not compile (CS0542).
    private static readonly HashSet<string> StructMembers = new(StringComparer.Ordinal) { "ByteBuffer", "Pack", "UnPack", "UnPackTo" };

    private static readonly HashSet<string> TableMembers = new(StringComparer.Ordinal)
    {
        "ByteBuffer", "Pack", "UnPack", "UnPackTo", "ValidateVersion", "Verify", "VerifySizePrefixed", "SerializeToBinary",
        "DeserializeFromBinary", "FileIdentifier", "CompareKey", "CompareKeys",
    };

    public static List<Diagnostic> Validate(CSharpUnit unit, IReadOnlyList<ServiceDefinition> services)
    {
        var diagnostics = new List<Diagnostic>();

        // Every C# type name the model generates, per namespace: two declarations may not produce the same one
        // (a table 'X' next to a table 'XT', X's object-API class), nor may a service's types reuse one.
        var taken = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var declaration in unit.Model.Declarations)
        {
            if (declaration is ServiceDefinition)
            {
                continue;
            }

            var ns = unit.Types.Namespace(declaration);
            var kind = declaration.Kind.ToString().ToLowerInvariant();
            Claim(ns, unit.Types.Name(declaration), "the " + kind + " '" + declaration.FullName + "'");
            if (declaration.Kind is DeclarationKind.Table or DeclarationKind.Struct or DeclarationKind.Union)
            {
                Claim(ns, unit.Types.ObjectName(declaration), "the object-API class of '" + declaration.FullName + "'");
            }

            var members = declaration.Kind switch
            {
                DeclarationKind.Table => TableMembers,
                DeclarationKind.Struct => StructMembers,
                _ => null,
            };
            if (members is not null && members.Contains(declaration.Name) && unit.Contains(declaration))
            {
                diagnostics.Add(Error(ServiceCodes.TypeNameClash, declaration.Location, $"The {kind} '{declaration.FullName}' is named like the member '{declaration.Name}' that every generated {kind} has, which C# does not allow; rename it."));
            }

            void Claim(string ns, string name, string owner)
            {
                if (taken.TryGetValue(ns + "." + name, out var first))
                {
                    if (unit.Contains(declaration))
                    {
                        diagnostics.Add(Error(ServiceCodes.TypeNameClash, declaration.Location, $"The C# type '{name}' of {owner} is also generated for {first}; rename one of them."));
                    }
                }
                else
                {
                    taken.Add(ns + "." + name, owner);
                }
            }
        }

        if (services.Count == 0)
        {
            return diagnostics;
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
            foreach (var method in unit.StreamingMethods(service))
            {
                var location = method.FindAttribute("streaming")?.Location ?? method.Location;
                diagnostics.Add(Warning(ServiceCodes.StreamingNotSupported, location, $"The method '{service.Name}.{method.Name}' is declared with streaming: \"{method.Streaming}\", but smf exchanges exactly one request and one reply per call, so it is left out of the generated service and client; the other methods and the messages are generated."));
            }

            foreach (var method in service.Methods)
            {
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

    private static Diagnostic Warning(string code, SourceLocation location, string message) =>
        new(code, DiagnosticSeverity.Warning, message, location.File, location.Line, location.Column, location.EndLine, location.EndColumn);

    private static Diagnostic Error(string code, SourceLocation location, string message) =>
        new(code, DiagnosticSeverity.Error, message, location.File, location.Line, location.Column, location.EndLine, location.EndColumn);
}
