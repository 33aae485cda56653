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
        using Smf.Messages;
        using Smf.Server;

        await using var server = new RpcServer(new RpcServerOptions { Port = 0, ShardCount = 1, PinShards = false });
        server.AddService(_ => new Store());
        await server.StartAsync();
        Console.WriteLine($"port={server.LocalEndPoint.Port}");
        Console.In.ReadToEnd();
        await server.StopAsync();

        internal sealed class Store : kv.MemoryNode
        {
            public override ValueTask<RpcTypedEnvelope<kv.PutResponseT>> PutAsync(RpcRecvTypedContext<kv.PutRequest> request, CancellationToken cancellationToken)
            {
                if (!request.Verify())
                {
                    return new(new RpcTypedEnvelope<kv.PutResponseT>(null) { Status = 400 });
                }

                var entry = request.Get().Entry!.Value;
                var size = (uint)(entry.Key!.Length + entry.Value!.Length);
                return new(new RpcTypedEnvelope<kv.PutResponseT>(new kv.PutResponseT { Stored = true, Size = size }));
            }
        }
        """;

    /// <summary>Calls Put and Get once each on the port given as argument.</summary>
    public const string ClientProgram = """
        using System.Net;
        using Smf.Client;

        await using var rpc = new RpcClient(new RpcClientOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, int.Parse(args[0])) });
        await rpc.ConnectAsync();
        var client = new kv.MemoryNodeClient(rpc);
        using (var put = await client.PutAsync(new kv.PutRequestT { Entry = new kv.EntryT { Key = "answer", Value = "42" } }, TimeSpan.FromSeconds(30)))
        {
            Console.WriteLine($"put status={put.Status} stored={put.Get().Stored} size={put.Get().Size}");
        }

        using (var get = await client.GetAsync(new kv.GetRequestT { Key = "answer" }, TimeSpan.FromSeconds(30)))
        {
            Console.WriteLine($"get status={get.Status}");
        }
        """;
}
