namespace Smf.Compiler.Schema;

internal sealed partial class Binder
{
    private void BindService(ServiceDefinition definition, Symbol symbol)
    {
        var syntax = symbol.Syntax;
        CheckAttributes(syntax.Attributes, symbol.Order);
        var methods = new List<RpcMethodDefinition>(syntax.Members.Count);
        var names = _scratchNames;
        names.Clear();
        foreach (var member in syntax.Members)
        {
            CheckAttributes(member.Attributes, symbol.Order);
            if (!names.Add(member.Name))
            {
                _diagnostics.Add(DiagnosticCodes.DuplicateMethodName, "The rpc_service '" + definition.Name + "' already has a method named '" + member.Name + "'.", member.Location);
                continue;
            }

            var method = new RpcMethodDefinition(member.Name, member.Documentation, ConvertAttributes(member.Attributes), member.Location) { Service = definition };
            var request = ResolveRpcTable(member.Type!, syntax.Namespace, "request");
            var response = ResolveRpcTable(member.ResponseType!, syntax.Namespace, "response");
            if (FindAttribute(member.Attributes, "streaming") is { } streaming)
            {
                var text = streaming.Value?.Text;
                if (text is not ("none" or "client" or "server" or "bidi"))
                {
                    _diagnostics.Add(DiagnosticCodes.InvalidStreaming, "The streaming value '" + (streaming.Value?.Display ?? string.Empty) + "' of method '" + member.Name + "' must be \"none\", \"client\", \"server\" or \"bidi\".", streaming.Value?.Location ?? streaming.Location);
                }
            }

            if (request is null || response is null)
            {
                continue;
            }

            method.Request = request;
            method.Response = response;
            methods.Add(method);
        }

        definition.Methods = methods;
    }

    private TableDefinition? ResolveRpcTable(TypeSyntax type, string[] @namespace, string role)
    {
        var symbol = Lookup(type.Name!, @namespace);
        if (symbol is null)
        {
            ReportUnknownType(type.Name!, @namespace, type.Location);
            return null;
        }

        if (symbol.Declaration is TableDefinition table)
        {
            return table;
        }

        _diagnostics.Add(DiagnosticCodes.RpcTypeNotTable, "The rpc " + role + " type '" + type.Name + "' is a " + KindName(symbol.Declaration) + "; rpc requests and responses must be tables.", type.Location);
        return null;
    }
}
