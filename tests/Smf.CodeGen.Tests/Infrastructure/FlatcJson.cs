namespace Smf.CodeGen.Tests.Infrastructure;

/// <summary>flatc's JSON round trip: <c>flatc -b</c> builds buffers from JSON, <c>flatc --json</c> prints buffers as JSON.</summary>
internal static class FlatcJson
{
    /// <summary>Builds one buffer per JSON document with <c>flatc -b</c> (one process for all).</summary>
    public static byte[][] ToBinary(string schemaPath, IReadOnlyList<string> documents)
    {
        OracleTools.Require();
        var directory = OracleTools.ScratchDirectory("flatc-b");
        try
        {
            var arguments = new List<string> { "-b", "-o", directory };
            arguments.AddRange(Schemas.IncludeDirectoriesFor(schemaPath).SelectMany(d => new[] { "-I", d }));
            arguments.Add(schemaPath);
            for (var i = 0; i < documents.Count; i++)
            {
                var path = Path.Combine(directory, "doc" + i + ".json");
                File.WriteAllText(path, documents[i]);
                arguments.Add(path);
            }

            OracleTools.Run(OracleTools.Flatc, arguments, directory);
            var extension = SchemaExtension(schemaPath);
            return Enumerable.Range(0, documents.Count).Select(i => File.ReadAllBytes(Path.Combine(directory, "doc" + i + "." + extension))).ToArray();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Prints buffers as JSON with <c>flatc --json --strict-json --raw-binary</c> (one process for all).</summary>
    public static string[] ToJson(string schemaPath, IReadOnlyList<byte[]> buffers, bool sizePrefixed = false)
    {
        OracleTools.Require();
        var directory = OracleTools.ScratchDirectory("flatc-json");
        try
        {
            var arguments = new List<string> { "--json", "--strict-json", "--raw-binary", "-o", directory };
            if (sizePrefixed)
            {
                arguments.Add("--size-prefixed");
            }

            arguments.AddRange(Schemas.IncludeDirectoriesFor(schemaPath).SelectMany(d => new[] { "-I", d }));
            arguments.Add(schemaPath);
            arguments.Add("--");
            for (var i = 0; i < buffers.Count; i++)
            {
                var path = Path.Combine(directory, "buf" + i + ".bin");
                File.WriteAllBytes(path, buffers[i]);
                arguments.Add(path);
            }

            OracleTools.Run(OracleTools.Flatc, arguments, directory);
            return Enumerable.Range(0, buffers.Count).Select(i => File.ReadAllText(Path.Combine(directory, "buf" + i + ".json"))).ToArray();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string SchemaExtension(string schemaPath)
    {
        foreach (var line in File.ReadAllLines(schemaPath))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("file_extension", StringComparison.Ordinal))
            {
                return trimmed.Split('"')[1];
            }
        }

        return "bin";
    }
}
