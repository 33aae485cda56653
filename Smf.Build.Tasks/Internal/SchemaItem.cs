using Smf.Compiler.CodeGen.Services;

namespace Smf.Build.Tasks.Internal;

/// <summary>One <c>SmfSchema</c> item after its metadata was validated.</summary>
internal sealed class SchemaItem
{
    public SchemaItem(string fullPath, string outputFile, string dependencyFile, ServiceCodeKinds services, bool isPublic, string? namespaceOverride, IReadOnlyList<string> includeDirectories, bool generate)
    {
        FullPath = fullPath;
        OutputFile = outputFile;
        DependencyFile = dependencyFile;
        Services = services;
        IsPublic = isPublic;
        NamespaceOverride = namespaceOverride;
        IncludeDirectories = includeDirectories;
        Generate = generate;
    }

    /// <summary>The schema file's full path.</summary>
    public string FullPath { get; }

    /// <summary>The generated C# file (predicted by the targets; written only when <see cref="Generate"/>).</summary>
    public string OutputFile { get; }

    /// <summary>The file that lists every schema file this one read, one full path per line.</summary>
    public string DependencyFile { get; }

    /// <summary>Which rpc_service code to generate.</summary>
    public ServiceCodeKinds Services { get; }

    /// <summary>True for public generated types, false for internal.</summary>
    public bool IsPublic { get; }

    /// <summary>The C# namespace replacing the schema namespace, or null to keep it.</summary>
    public string? NamespaceOverride { get; }

    /// <summary>Include search directories (full paths), after the including file's folder.</summary>
    public IReadOnlyList<string> IncludeDirectories { get; }

    /// <summary>False for include-only schemas: parsed, but no code is emitted for them.</summary>
    public bool Generate { get; }
}
