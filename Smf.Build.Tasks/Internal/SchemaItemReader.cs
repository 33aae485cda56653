using Microsoft.Build.Framework;
using Smf.Compiler.CodeGen.Services;

namespace Smf.Build.Tasks.Internal;

/// <summary>Validates <c>SmfSchema</c> item metadata once, collecting every problem.</summary>
internal static class SchemaItemReader
{
    public static List<SchemaItem> Read(IReadOnlyList<ITaskItem> items, string projectDirectory, List<BuildMessage> messages)
    {
        var result = new List<SchemaItem>(items.Count);
        var byOutput = new Dictionary<string, string>(PathComparer.Instance);
        var seen = new Dictionary<string, string>(PathComparer.Instance);
        foreach (var item in items)
        {
            var fullPath = Path.GetFullPath(Path.Combine(projectDirectory, item.ItemSpec));
            var signature = Signature(item);
            if (seen.TryGetValue(fullPath, out var earlier))
            {
                // The same schema listed twice (e.g. by two globs) is one schema, if both say the same.
                if (earlier != signature)
                {
                    messages.Add(new BuildMessage(BuildCodes.ConflictingDuplicate, fullPath, $"The schema '{fullPath}' is listed twice with different metadata ({earlier} and {signature}); list it once, or drop one with <SmfSchema Remove=\"...\" />."));
                }

                continue;
            }

            seen.Add(fullPath, signature);

            var ok = true;
            var outputFile = item.GetMetadata("OutputFile");
            var dependencyFile = item.GetMetadata("DependencyFile");
            if (outputFile.Length == 0 || dependencyFile.Length == 0)
            {
                messages.Add(new BuildMessage(BuildCodes.MissingMetadata, fullPath, $"The SmfSchema item '{item.ItemSpec}' has no OutputFile or DependencyFile metadata; run SmfCompile through the Smf.Sdk targets, which compute them."));
                ok = false;
            }

            ok &= TryParseServices(item.GetMetadata("Services"), fullPath, messages, out var services);
            ok &= TryParseAccess(item.GetMetadata("Access"), fullPath, messages, out var isPublic);
            ok &= TryParseGenerate(item.GetMetadata("Generate"), fullPath, messages, out var generate);
            ok &= TryParseNamespace(item.GetMetadata("Namespace").Trim(), fullPath, messages, out var namespaceOverride);
            if (!ok)
            {
                continue;
            }

            outputFile = Path.GetFullPath(Path.Combine(projectDirectory, outputFile));
            dependencyFile = Path.GetFullPath(Path.Combine(projectDirectory, dependencyFile));
            if (generate)
            {
                if (byOutput.TryGetValue(outputFile, out var other))
                {
                    messages.Add(new BuildMessage(BuildCodes.DuplicateOutput, fullPath, $"The schemas '{other}' and '{fullPath}' would both generate '{outputFile}'; give one of them a different Link or OutputDir."));
                    continue;
                }

                byOutput.Add(outputFile, fullPath);
            }

            result.Add(new SchemaItem(fullPath, outputFile, dependencyFile, services, isPublic, namespaceOverride, ReadIncludeDirectories(item.GetMetadata("IncludeDirs"), projectDirectory), generate));
        }

        return result;
    }

    private static string Signature(ITaskItem item)
    {
        var parts = new List<string>();
        foreach (var name in new[] { "Services", "Access", "Namespace", "IncludeDirs", "Generate", "OutputFile" })
        {
            parts.Add(name + "='" + item.GetMetadata(name) + "'");
        }

        return string.Join(" ", parts);
    }

    private static bool TryParseServices(string value, string file, List<BuildMessage> messages, out ServiceCodeKinds services)
    {
        switch (value.Trim().ToUpperInvariant())
        {
            case "":
            case "BOTH": services = ServiceCodeKinds.Both; return true;
            case "SERVER": services = ServiceCodeKinds.Server; return true;
            case "CLIENT": services = ServiceCodeKinds.Client; return true;
            case "NONE": services = ServiceCodeKinds.None; return true;
            default:
                services = ServiceCodeKinds.None;
                messages.Add(new BuildMessage(BuildCodes.InvalidServices, file, $"The Services value '{value}' is not valid; use Both, Server, Client or None."));
                return false;
        }
    }

    private static bool TryParseAccess(string value, string file, List<BuildMessage> messages, out bool isPublic)
    {
        switch (value.Trim().ToUpperInvariant())
        {
            case "":
            case "PUBLIC": isPublic = true; return true;
            case "INTERNAL": isPublic = false; return true;
            default:
                isPublic = true;
                messages.Add(new BuildMessage(BuildCodes.InvalidAccess, file, $"The Access value '{value}' is not valid; use public or internal."));
                return false;
        }
    }

    private static bool TryParseGenerate(string value, string file, List<BuildMessage> messages, out bool generate)
    {
        switch (value.Trim().ToUpperInvariant())
        {
            case "":
            case "TRUE": generate = true; return true;
            case "FALSE": generate = false; return true;
            default:
                generate = true;
                messages.Add(new BuildMessage(BuildCodes.InvalidGenerate, file, $"The Generate value '{value}' is not valid; use true or false."));
                return false;
        }
    }

    private static bool TryParseNamespace(string value, string file, List<BuildMessage> messages, out string? namespaceOverride)
    {
        namespaceOverride = null;
        if (value.Length == 0)
        {
            return true;
        }

        foreach (var part in value.Split('.'))
        {
            if (!IsIdentifier(part))
            {
                messages.Add(new BuildMessage(BuildCodes.InvalidNamespace, file, $"The Namespace value '{value}' is not a C# namespace; use identifiers separated by '.', e.g. 'Contoso.Storage'."));
                return false;
            }
        }

        namespaceOverride = value;
        return true;
    }

    private static bool IsIdentifier(string text)
    {
        if (text.Length == 0 || !(char.IsLetter(text[0]) || text[0] == '_'))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static List<string> ReadIncludeDirectories(string value, string projectDirectory)
    {
        var result = new List<string>();
        foreach (var part in value.Split(';'))
        {
            var trimmed = part.Trim();
            if (trimmed.Length > 0)
            {
                result.Add(Path.GetFullPath(Path.Combine(projectDirectory, trimmed)));
            }
        }

        return result;
    }
}
