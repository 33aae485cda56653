using kvstore.fbs;
using Microsoft.Extensions.Logging;
using Smf;
using Smf.Balancing;
using Smf.Client;

namespace KvStore.Client;

/// <summary>
/// Puts key.i/val.i for i below a count, then gets every key back and checks its value: once, with a line per call, or
/// round after round, with a line per round and one per key that failed.
/// </summary>
internal sealed class KvStoreCheck(MemoryNodeClient client, ILogger<KvStoreCheck> logger)
{
    /// <summary>One pass of puts and gets, each call logged with its node; returns the number of failed calls.</summary>
    public async Task<int> RunOnceAsync(int count)
    {
        var failures = 0;
        for (var i = 0; i < count; i++)
        {
            var failure = await PutAsync(i);
            if (failure is null)
            {
                logger.LogInformation("put key=key.{I} node={Node} status={Status}", i, NodeOf(i), (uint)RpcStatus.Ok);
            }
            else
            {
                logger.LogError("put key=key.{I} node={Node} failed: {Failure}", i, NodeOf(i), failure);
                failures++;
            }
        }

        for (var i = 0; i < count; i++)
        {
            var (status, value, failure) = await GetAsync(i);
            if (status is { } answered)
            {
                logger.LogInformation("get key=key.{I} status={Status} value={Value} {Verdict}", i, (uint)answered, value, failure is null ? "ok" : "MISMATCH");
            }
            else
            {
                logger.LogError("get key=key.{I} node={Node} failed: {Failure}", i, NodeOf(i), failure);
            }

            failures += failure is null ? 0 : 1;
        }

        logger.LogInformation("{Puts} puts and {Gets} gets, {Failures} failures", count, count, failures);
        return failures;
    }

    /// <summary>
    /// Up to <paramref name="rounds"/> rounds of puts and gets, <paramref name="interval"/> apart, until
    /// <paramref name="stopping"/> (Ctrl+C) ends them after the current round; returns the failed keys of the last round.
    /// </summary>
    public async Task<int> RunRoundsAsync(int count, int rounds, TimeSpan interval, CancellationToken stopping)
    {
        var failed = 0;
        for (var round = 1; round <= rounds; round++)
        {
            var puts = new string?[count];
            for (var i = 0; i < count; i++)
            {
                puts[i] = await PutAsync(i);
            }

            failed = 0;
            for (var i = 0; i < count; i++)
            {
                var get = (await GetAsync(i)).Failure;
                if (puts[i] is not null || get is not null)
                {
                    logger.LogWarning("round {Round} key=key.{I} node={Node} get: {Get}; put: {Put}", round, i, NodeOf(i), get ?? "ok", puts[i] ?? "ok");
                    failed++;
                }
            }

            logger.LogInformation("round {Round}: {Ok} ok, {Failed} failed", round, count - failed, failed);
            if (round == rounds)
            {
                break;
            }

            try
            {
                await Task.Delay(interval, stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return failed;
    }

    /// <summary>Puts key.i/val.i; returns why it failed, or null.</summary>
    private async Task<string?> PutAsync(int i)
    {
        try
        {
            await client.PutAsync(new PutRequestT { Key = $"key.{i}", Value = $"val.{i}" });
            return null;
        }
        catch (RpcException e)
        {
            return $"status {(uint)e.Status}: {e.Message}";
        }
        catch (RpcConnectionException e)
        {
            return e.Message;
        }
    }

    /// <summary>Gets key.i; returns the status and value when a node answered, and why the get failed, or null when it read val.i.</summary>
    private async Task<(RpcStatus? Status, string? Value, string? Failure)> GetAsync(int i)
    {
        try
        {
            // A missing key is an answer, not an error: read the status instead of catching RpcException.
            using var reply = await client.GetWithStatusAsync(new GetRequestT { Key = $"key.{i}" });
            var value = reply.IsSuccess ? reply.Message.Value : null;
            var failure = value == $"val.{i}" ? null : reply.IsSuccess ? $"read '{value}'" : $"status {(uint)reply.Status} ({reply.Status})";
            return (reply.Status, value, failure);
        }
        catch (Exception e) when (e is RpcConnectionException or TimeoutException)
        {
            return (null, null, e.Message);
        }
    }

    /// <summary>The node a key is sent to: its owner among the channel's endpoints, or the one server.</summary>
    private string? NodeOf(int i) => client.CallInvoker switch
    {
        RpcChannel channel => channel.OwnerOf($"key.{i}"),
        RpcClient one => one.EndPoint.ToString(),
        _ => null,
    };
}
