using Smf.Client;
using Smf.Health;
using Smf.Protocol;

namespace Smf.Hosting.Tests.Infrastructure;

/// <summary>The typed client of <see cref="KeyValueService"/>, shaped like a generated one (its constructor takes the <see cref="RpcClient"/>).</summary>
public sealed class KeyValueClient(RpcClient rpcClient)
{
    private static readonly uint ServiceId = RequestId.ForService(KeyValueService.ServiceName);

    public RpcClient RpcClient { get; } = rpcClient;

    public ValueTask<HealthCheckResponseT> PutAsync(string key) => Call(KeyValueService.PutId, key);

    public ValueTask<HealthCheckResponseT> FailAsync() => Call(KeyValueService.FailId, "x");

    public ValueTask<HealthCheckResponseT> BlockAsync(string padding) => Call(KeyValueService.BlockId, padding);

    private ValueTask<HealthCheckResponseT> Call(uint methodId, string key) =>
        RpcClient.CallAsync<HealthCheckRequestT, HealthCheckResponse, HealthCheckResponseT>(
            RequestId.Combine(ServiceId, methodId), new HealthCheckRequestT { Service = key }, static r => r.UnPack());
}
