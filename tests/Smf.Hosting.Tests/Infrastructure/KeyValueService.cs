using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Smf.Health;
using Smf.Protocol;
using Smf.Server;
using Smf.Sharding;

namespace Smf.Hosting.Tests.Infrastructure;

/// <summary>
/// A test service over the health schema's tables (the request's <c>service</c> field carries a key): Put stores the key
/// on the shard that owns it, Fail throws, Block waits for the journal's gate.
/// </summary>
public sealed class KeyValueService : RpcService, IDisposable
{
    public const string ServiceName = "KeyValue";
    public static readonly uint PutId = RequestId.ForMethod("Put", "Test::Key", "Test::Ack");
    public static readonly uint FailId = RequestId.ForMethod("Fail", "Test::Key", "Test::Ack");
    public static readonly uint BlockId = RequestId.ForMethod("Block", "Test::Key", "Test::Ack");

    private static readonly HealthCheckResponseT Ack = new() { Status = ServingStatus.Serving };
    private readonly Sharded<KeyStore> _store;
    private readonly Journal _journal;
    private readonly int _shard;

    public KeyValueService(Sharded<KeyStore> store, Journal journal, ILogger<KeyValueService> logger, IOptions<SmfServerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _store = store;
        _journal = journal;
        _shard = Shard.CurrentId;
        journal.Record($"service created on shard {_shard} with {options.Value.Shards} shards");
        Methods =
        [
            RpcMethod.Unary<HealthCheckRequest, HealthCheckResponseT>("Put", PutId, PutAsync),
            RpcMethod.Unary<HealthCheckRequest, HealthCheckResponseT>("Fail", FailId, (_, _) => throw new InvalidOperationException("The handler failed on purpose.")),
            RpcMethod.Unary<HealthCheckRequest, HealthCheckResponseT>("Block", BlockId, async (_, _) => { await journal.Gate.Task; return Ack; }),
        ];
    }

    public override string Name => ServiceName;

    public override IReadOnlyList<RpcMethod> Methods { get; }

    public static int OwnerOf(string key, int shards) => (int)((uint)string.GetHashCode(key, StringComparison.Ordinal) % (uint)shards);

    public void Dispose() => _journal.Record($"service {_shard} disposed on shard {Shard.CurrentId}");

    private async ValueTask<HealthCheckResponseT> PutAsync(HealthCheckRequest request, RpcCallContext context)
    {
        var key = request.Service ?? throw new RpcException(RpcStatus.BadRequest, "A put needs a key.");
        await _store.InvokeOnAsync(OwnerOf(key, _store.Count), store => store.Add(key));
        return Ack;
    }
}
