namespace Smf.Build.Tests.EndToEnd;

/// <summary>Schemas and project files shared by the end-to-end tests.</summary>
internal static class Schemas
{
    /// <summary>Included by <see cref="KvStore"/>; not an item itself, so its types go into kvstore.fbs.cs.</summary>
    public const string Common = """
        namespace kv;

        /// A key and its value.
        table Entry {
          key:string;
          value:string;
        }
        """;

    public const string KvStore = """
        include "common.fbs";

        namespace kv;

        table PutRequest {
          entry:Entry;
        }

        table PutResponse {
          stored:bool;
          size:uint;
        }

        rpc_service MemoryNode {
          Put(PutRequest):PutResponse;
        }
        """;

    /// <summary>Serializes a request, reads it back and prints the smf ids: no network.</summary>
    public const string KvStoreProgram = """
        using Google.FlatBuffers;
        using Smf.Messages;
        using Smf.Protocol;

        var request = new kv.PutRequestT { Entry = new kv.EntryT { Key = "answer", Value = "42" } };
        var payload = new RpcTypedEnvelope<kv.PutRequestT>(request).Serialize(new FlatBufferBuilder(64)).ToArray();
        var header = new RpcHeader(CompressionFlags.None, 0, 1, (uint)payload.Length, PayloadChecksum.Compute(payload), kv.MemoryNodeIds.PutRequestId);
        using var received = new RpcRecvTypedContext<kv.PutRequest>(header, payload);
        Console.WriteLine($"verified={received.Verify()}");
        Console.WriteLine($"entry={received.Get().Entry!.Value.Key}={received.Get().Entry!.Value.Value}");
        Console.WriteLine($"service={kv.MemoryNodeIds.ServiceName}:{kv.MemoryNodeIds.ServiceId}");
        Console.WriteLine($"request id={kv.MemoryNodeIds.PutRequestId}");
        """;

    public static string SdkProject(string extraItems = "", string extraProperties = "") => $"""
        <Project Sdk="Smf.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            {extraProperties}
          </PropertyGroup>
          <ItemGroup>
            {extraItems}
          </ItemGroup>
        </Project>
        """;
}
