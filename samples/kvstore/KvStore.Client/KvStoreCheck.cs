using kvstore.fbs;
using Microsoft.Extensions.Logging;
using Smf;
using Smf.Client;

namespace KvStore.Client;

/// <summary>Puts key.i/val.i for i below a count, then gets every key back and checks its value.</summary>
internal sealed class KvStoreCheck(MemoryNodeClient client, ILogger<KvStoreCheck> logger)
{
    /// <summary>Runs the puts and the gets; returns the number of failures (a connection failure counts every call left).</summary>
    public async Task<int> RunAsync(int count)
    {
        try
        {
            var failures = await PutAllAsync(count) + await GetAllAsync(count);
            logger.LogInformation("{Puts} puts and {Gets} gets, {Failures} failures", count, count, failures);
            return failures;
        }
        catch (RpcConnectionException e)
        {
            logger.LogError("{Message}", e.Message);
            return 2 * count;
        }
    }

    private async Task<int> PutAllAsync(int count)
    {
        var failures = 0;
        for (var i = 0; i < count; i++)
        {
            try
            {
                await client.PutAsync(new PutRequestT { Key = $"key.{i}", Value = $"val.{i}" });
                logger.LogInformation("put key=key.{I} status={Status}", i, (uint)RpcStatus.Ok);
            }
            catch (RpcException e)
            {
                logger.LogInformation("put key=key.{I} status={Status}", i, (uint)e.Status);
                failures++;
            }
        }

        return failures;
    }

    private async Task<int> GetAllAsync(int count)
    {
        var failures = 0;
        for (var i = 0; i < count; i++)
        {
            // A missing key is an answer, not an error: read the status instead of catching RpcException.
            using var reply = await client.GetWithStatusAsync(new GetRequestT { Key = $"key.{i}" });
            var value = reply.IsSuccess ? reply.Message.Value : null;
            var ok = value == $"val.{i}";
            logger.LogInformation("get key=key.{I} status={Status} value={Value} {Verdict}", i, (uint)reply.Status, value, ok ? "ok" : "MISMATCH");
            failures += ok ? 0 : 1;
        }

        return failures;
    }
}
