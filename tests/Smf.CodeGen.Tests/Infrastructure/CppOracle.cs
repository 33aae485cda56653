using System.Collections.Concurrent;
using Smf.Compiler.Schema;

namespace Smf.CodeGen.Tests.Infrastructure;

/// <summary>
/// The C++ side of the oracle for one schema: <c>flatc --cpp --gen-object-api</c> plus a small main compiled with g++
/// (cached by content hash). It verifies buffers with flatbuffers::Verifier and repacks them through the C++ object API and builder.
/// </summary>
internal sealed class CppOracle
{
    private static readonly ConcurrentDictionary<string, Lazy<CppOracle>> Oracles = new();
    private readonly string _executable;

    private CppOracle(string executable)
    {
        _executable = executable;
    }

    /// <summary>Builds (or reuses) the oracle program for a schema file and its root table.</summary>
    public static CppOracle For(string schemaPath, TableDefinition root)
    {
        OracleTools.Require();
        return Oracles.GetOrAdd(schemaPath + "|" + root.FullName, _ => new Lazy<CppOracle>(() => Build(schemaPath, root))).Value;
    }

    private static CppOracle Build(string schemaPath, TableDefinition root)
    {
        // Included schemas (upstream ones) are found through -I, and --gen-all puts their C++ into the one header.
        var includes = Schemas.IncludeDirectoriesFor(schemaPath);
        var schemaText = File.ReadAllText(schemaPath) + string.Concat(includes.SelectMany(d => System.IO.Directory.GetFiles(d, "*.fbs").Order(StringComparer.Ordinal)).Select(File.ReadAllText));
        var baseName = Path.GetFileNameWithoutExtension(schemaPath);
        var ns = string.Join("::", root.Namespace);
        var name = root.Name;
        var main = MainSource.Replace("$HEADER$", baseName + "_generated.h").Replace("$NS$", ns).Replace("$T$", name);
        var directory = OracleTools.CacheDirectory("cpp-" + OracleTools.Hash(schemaText, main, baseName));
        var executable = Path.Combine(directory, "oracle");
        if (File.Exists(executable))
        {
            return new CppOracle(executable);
        }

        var work = Path.Combine(directory, "build-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        File.Copy(schemaPath, Path.Combine(work, Path.GetFileName(schemaPath)));
        var flatcArguments = new List<string> { "--cpp", "--gen-object-api" };
        if (includes.Count > 0)
        {
            flatcArguments.Add("--gen-all");
            flatcArguments.AddRange(includes.SelectMany(d => new[] { "-I", d }));
        }

        flatcArguments.Add(Path.GetFileName(schemaPath));
        OracleTools.Run(OracleTools.Flatc, flatcArguments, work);
        File.WriteAllText(Path.Combine(work, "main.cpp"), main);
        OracleTools.Run(OracleTools.Gxx, ["-std=c++17", "-O1", "-I", work, "-o", "oracle", "main.cpp"], work, timeoutMs: 300_000);
        try
        {
            File.Move(Path.Combine(work, "oracle"), executable);
        }
        catch (IOException) when (File.Exists(executable))
        {
            // Another test process built it at the same time.
        }

        Directory.Delete(work, recursive: true);
        return new CppOracle(executable);
    }

    /// <summary>Verifies each buffer with the C++ verifier; true where C++ accepts.</summary>
    public bool[] Verify(IReadOnlyList<byte[]> buffers, bool sizePrefixed = false)
    {
        var directory = OracleTools.ScratchDirectory("verify");
        try
        {
            var files = new List<string> { sizePrefixed ? "verify-size-prefixed" : "verify" };
            for (var i = 0; i < buffers.Count; i++)
            {
                var path = Path.Combine(directory, i + ".bin");
                File.WriteAllBytes(path, buffers[i]);
                files.Add(path);
            }

            var (_, output) = OracleTools.Run(_executable, files, directory);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.HasCount(buffers.Count, lines, output);
            return lines.Select(l => l.Trim() == "1").ToArray();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Reads a buffer with the C++ object API and writes it again with the C++ builder.</summary>
    public byte[] Repack(byte[] buffer)
    {
        var directory = OracleTools.ScratchDirectory("repack");
        try
        {
            var input = Path.Combine(directory, "in.bin");
            var output = Path.Combine(directory, "out.bin");
            File.WriteAllBytes(input, buffer);
            OracleTools.Run(_executable, ["repack", input, output], directory);
            return File.ReadAllBytes(output);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private const string MainSource = """
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>
#include "$HEADER$"

static std::vector<uint8_t> ReadAll(const char *path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  std::string mode = argv[1];
  if (mode == "verify" || mode == "verify-size-prefixed") {
    for (int i = 2; i < argc; i++) {
      std::vector<uint8_t> data = ReadAll(argv[i]);
      // A copy in its own allocation, so the verifier sees exactly the file's bytes.
      std::unique_ptr<uint8_t[]> copy(new uint8_t[data.size() + 1]);
      if (!data.empty()) std::copy(data.begin(), data.end(), copy.get());
      flatbuffers::Verifier verifier(copy.get(), data.size());
      bool ok = mode == "verify" ? $NS$::Verify$T$Buffer(verifier) : $NS$::VerifySizePrefixed$T$Buffer(verifier);
      std::cout << (ok ? "1" : "0") << "\n";
    }
    return 0;
  }
  if (mode == "repack" && argc == 4) {
    std::vector<uint8_t> data = ReadAll(argv[2]);
    std::unique_ptr<$NS$::$T$T> object($NS$::Get$T$(data.data())->UnPack());
    flatbuffers::FlatBufferBuilder builder;
    $NS$::Finish$T$Buffer(builder, $NS$::$T$::Pack(builder, object.get()));
    std::ofstream out(argv[3], std::ios::binary);
    out.write(reinterpret_cast<const char *>(builder.GetBufferPointer()), builder.GetSize());
    return 0;
  }
  return 2;
}
""";
}
