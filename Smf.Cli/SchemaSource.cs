using Smf.Compiler;
using Smf.Compiler.Schema;

namespace Smf.Cli;

/// <summary>The schema of a command: compiled at run time with <see cref="SchemaCompiler"/> from <c>--schema</c> and <c>-I</c>.</summary>
internal sealed class SchemaSource
{
    private SchemaSource(SchemaModel model) => Model = model;

    /// <summary>The compiled model.</summary>
    public SchemaModel Model { get; }

    /// <summary>Compiles the schemas; diagnostics go to <paramref name="error"/> in MSBuild form.</summary>
    /// <exception cref="CliUsageException">No schema was given, or it has errors.</exception>
    public static SchemaSource Load(CommandLine line, TextWriter error)
    {
        var files = line.All("schema");
        if (files.Count == 0)
        {
            throw new CliUsageException("No schema given; pass '--schema <file.fbs>' (the schema of the server's rpc_service).");
        }

        var options = new SchemaCompilationOptions();
        foreach (var file in files)
        {
            options.RootFiles.Add(file);
        }

        foreach (var directory in line.All("include"))
        {
            options.IncludeDirectories.Add(directory);
        }

        var result = SchemaCompiler.Compile(options);
        foreach (var diagnostic in result.Diagnostics)
        {
            error.WriteLine(diagnostic.ToString());
        }

        if (result.Model is not { } model)
        {
            throw new CliUsageException($"The schema {string.Join(", ", files)} has errors (listed above); nothing was sent.");
        }

        return new SchemaSource(model);
    }

    /// <summary>Finds <c>Service.Method</c> (also <c>ns.Service.Method</c> or <c>Service/Method</c>).</summary>
    /// <exception cref="CliUsageException">No such method; the message lists every method of the schema.</exception>
    public RpcMethodDefinition FindMethod(string name)
    {
        var separator = name.LastIndexOfAny(['.', '/']);
        if (separator > 0)
        {
            var serviceName = name[..separator];
            var methodName = name[(separator + 1)..];
            foreach (var service in Model.Services)
            {
                if (service.Name == serviceName || service.FullName == serviceName)
                {
                    foreach (var method in service.Methods)
                    {
                        if (method.Name == methodName)
                        {
                            return method;
                        }
                    }
                }
            }
        }

        var known = Model.Services.SelectMany(s => s.Methods.Select(m => s.Name + "." + m.Name)).ToList();
        throw new CliUsageException(known.Count == 0
            ? $"The schema declares no rpc_service, so it has no method '{name}'."
            : $"The schema has no method '{name}'; its methods are: {string.Join(", ", known)}.");
    }
}
