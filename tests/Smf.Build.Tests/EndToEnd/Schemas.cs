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

        var request = new kv.PutRequestT { Entry = new kv.EntryT { Key = "answer", Value = "42" } };
        var builder = new FlatBufferBuilder(64);
        builder.Finish(kv.PutRequest.Pack(builder, request).Value);
        var payload = builder.SizedByteArray();
        var received = kv.PutRequest.GetRootAsPutRequest(new ByteBuffer(payload));
        Console.WriteLine($"verified={kv.PutRequest.Verify(payload)}");
        Console.WriteLine($"entry={received.Entry!.Value.Key}={received.Entry!.Value.Value}");
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
            <GenerateDocumentationFile>true</GenerateDocumentationFile>
            {extraProperties}
          </PropertyGroup>
          <ItemGroup>
            {extraItems}
          </ItemGroup>
        </Project>
        """;

    /// <summary>Two methods: the server overrides Put only, so Get answers 501.</summary>
    public const string Store = """
        namespace kv;

        table Entry {
          key:string;
          value:string;
        }

        table PutRequest {
          entry:Entry;
        }

        table PutResponse {
          stored:bool;
          size:uint;
        }

        table GetRequest {
          key:string;
        }

        table GetResponse {
          value:string;
        }

        rpc_service MemoryNode {
          Put(PutRequest):PutResponse;
          Get(GetRequest):GetResponse;
        }
        """;

    /// <summary>Serves MemoryNode on a free port, prints it, and stops when its input closes.</summary>
    public const string ServerProgram = """
        using Smf;
        using Smf.Server;
        using Smf.Sharding;

        await using var shards = new ShardGroup(new ShardGroupOptions { Count = 1, PinToCpus = false });
        await using var server = new RpcServer(shards, new RpcServerOptions { Port = 0 });
        server.AddService(_ => new Store());
        await server.StartAsync();
        Console.WriteLine($"port={server.LocalEndPoint.Port}");
        Console.In.ReadToEnd();
        await server.StopAsync();

        internal sealed class Store : kv.MemoryNode
        {
            public override ValueTask<kv.PutResponseT> PutAsync(kv.PutRequest request, RpcCallContext context)
            {
                if (request.Entry is not { } entry)
                {
                    throw new RpcException(RpcStatus.BadRequest, "A put needs an entry.");
                }

                var size = (uint)(entry.Key!.Length + entry.Value!.Length);
                return new(new kv.PutResponseT { Stored = true, Size = size });
            }
        }
        """;

    /// <summary>Calls Put and Get once each on the port given as argument.</summary>
    public const string ClientProgram = """
        using System.Net;
        using Smf;
        using Smf.Client;

        await using var rpc = new RpcClient(new RpcClientOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, int.Parse(args[0])), CallTimeout = TimeSpan.FromSeconds(30) });
        var client = new kv.MemoryNodeClient(rpc);
        using (var put = await client.PutWithStatusAsync(new kv.PutRequestT { Entry = new kv.EntryT { Key = "answer", Value = "42" } }))
        {
            Console.WriteLine($"put status={(uint)put.Status} stored={put.Message.Stored} size={put.Message.Size}");
        }

        // Get is not implemented by the server: the typed call throws with the status.
        try
        {
            await client.GetAsync(new kv.GetRequestT { Key = "answer" });
        }
        catch (RpcException e)
        {
            Console.WriteLine($"get status={(uint)e.Status}");
        }
        """;
}
