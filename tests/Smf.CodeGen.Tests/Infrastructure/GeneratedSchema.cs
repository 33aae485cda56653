using System.Collections.Concurrent;
using System.Reflection;
using Smf.Compiler.CodeGen;
using Smf.Compiler.Schema;

namespace Smf.CodeGen.Tests.Infrastructure;

/// <summary>A test schema with its generated C# compiled and loaded, driven through a small driver compiled alongside.</summary>
internal sealed class GeneratedSchema
{
    private static readonly ConcurrentDictionary<string, Lazy<GeneratedSchema>> Loaded = new();
    private readonly Type _driver;

    private GeneratedSchema(string name, SchemaModel model, string code, Assembly assembly)
    {
        Name = name;
        Model = model;
        Code = code;
        Assembly = assembly;
        Root = model.RootType ?? throw new AssertFailedException("The schema " + name + " has no root_type.");
        Types = new CSharpTypeMap(new CSharpGeneratorOptions());
        _driver = assembly.GetType("SmfTestDriver")!;
        Json = new ObjectJson(this);
    }

    public string Name { get; }

    public string SchemaPath => Schemas.PathOf(Name);

    public SchemaModel Model { get; }

    public string Code { get; }

    public Assembly Assembly { get; }

    public TableDefinition Root { get; }

    public CSharpTypeMap Types { get; }

    public ObjectJson Json { get; }

    /// <summary>Generates, compiles and loads a schema once per test run, with <paramref name="probe"/> (C# using the generated API) compiled alongside.</summary>
    public static GeneratedSchema Load(string name, string probe = "", CSharpGeneratorOptions? options = null) => Loaded.GetOrAdd(name, n => new Lazy<GeneratedSchema>(() =>
    {
        var model = Schemas.Compile(n);
        var code = CSharpGenerator.Generate(model, model.Files, options);
        var root = model.RootType!;
        var types = new CSharpTypeMap(new CSharpGeneratorOptions());
        var assembly = CSharpCompiler.Load("schema_" + Path.GetFileNameWithoutExtension(n), code, Driver(types, root), "#pragma warning disable CS1591\n" + probe);
        return new GeneratedSchema(n, model, code, assembly);
    })).Value;

    /// <summary>Calls a static method of the probe class compiled alongside.</summary>
    public object? Probe(string method, params object?[] arguments)
    {
        try
        {
            return Assembly.GetType("Probe")!.GetMethod(method)!.Invoke(null, arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    /// <summary>The CLR type generated for a declaration (accessor or object-API class).</summary>
    public Type ClrType(Declaration declaration, bool objectApi)
    {
        var qualified = (objectApi ? Types.QualifiedObject(declaration) : Types.Qualified(declaration)).Replace("global::", string.Empty).Replace("@", string.Empty);
        return Assembly.GetType(qualified) ?? throw new AssertFailedException("The generated type " + qualified + " is missing.");
    }

    public (bool Ok, string? Error) Verify(byte[] buffer) => Call("Verify", buffer);

    public (bool Ok, string? Error) VerifySizePrefixed(byte[] buffer) => Call("VerifySizePrefixed", buffer);

    public object UnPack(byte[] buffer) => Invoke("UnPack", buffer)!;

    public object UnPackSizePrefixed(byte[] buffer) => Invoke("UnPackSizePrefixed", buffer)!;

    public byte[] Serialize(object value) => (byte[])Invoke("Serialize", value)!;

    public byte[] SerializeSizePrefixed(object value) => (byte[])Invoke("SerializeSizePrefixed", value)!;

    private (bool, string?) Call(string method, byte[] buffer)
    {
        var arguments = new object?[] { buffer, null };
        var ok = (bool)_driver.GetMethod(method)!.Invoke(null, arguments)!;
        return (ok, (string?)arguments[1]);
    }

    private object? Invoke(string method, object argument)
    {
        try
        {
            return _driver.GetMethod(method)!.Invoke(null, [argument]);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    private static string Driver(CSharpTypeMap types, TableDefinition root)
    {
        var t = types.Qualified(root);
        var o = types.QualifiedObject(root);
        var n = root.Name;
        return $$"""
#pragma warning disable CS1591 // The test driver is not documented.
public static class SmfTestDriver
{
    public static bool Verify(byte[] buffer, out string? error) => {{t}}.Verify(buffer, out error);

    public static bool VerifySizePrefixed(byte[] buffer, out string? error) => {{t}}.VerifySizePrefixed(buffer, out error);

    public static object UnPack(byte[] buffer) => {{o}}.DeserializeFromBinary(buffer);

    public static object UnPackSizePrefixed(byte[] buffer) => {{t}}.GetSizePrefixedRootAs{{n}}(new global::Google.FlatBuffers.ByteBuffer(buffer)).UnPack();

    public static byte[] Serialize(object value) => (({{o}})value).SerializeToBinary();

    public static byte[] SerializeSizePrefixed(object value)
    {
        var builder = new global::Google.FlatBuffers.FlatBufferBuilder(64);
        {{t}}.FinishSizePrefixed{{n}}Buffer(builder, {{t}}.Pack(builder, ({{o}})value));
        return builder.SizedByteArray();
    }
}
""";
    }
}
