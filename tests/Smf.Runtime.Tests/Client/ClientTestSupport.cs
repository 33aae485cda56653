using System.Text;
using Smf.Client;

namespace Smf.Runtime.Tests.Client;

internal static class ClientTestSupport
{
    public const uint PutRequestId = 3647565230;

    /// <summary>A bound on every wait in these tests; reaching it fails the test instead of hanging it.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static RpcClientOptions Options(FakeSmfServer server) => new() { EndPoint = server.EndPoint };

    public static async Task<RpcClient> ConnectAsync(RpcClientOptions options)
    {
        var client = new RpcClient(options);
        await client.ConnectAsync();
        return client;
    }

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static string Text(RpcResponse reply) => Encoding.UTF8.GetString(reply.Payload.Span);

    /// <summary>Waits until <paramref name="condition"/> holds, failing the test after <see cref="Patience"/>.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for: {what}.");
            }

            await Task.Delay(10);
        }
    }

    public static async Task<T> WithinPatience<T>(Task<T> task)
    {
        var finished = await Task.WhenAny(task, Task.Delay(Patience));
        Assert.AreSame(task, finished, "The operation did not finish in time.");
        return await task;
    }
}
