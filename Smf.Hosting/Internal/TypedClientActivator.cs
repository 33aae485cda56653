using Microsoft.Extensions.DependencyInjection;
using Smf.Balancing;
using Smf.Client;

namespace Smf.Hosting.Internal;

/// <summary>
/// Creates a typed client with constructor injection, given what it calls through: an <see cref="RpcClient"/> or an
/// <see cref="RpcChannel"/>, each matched to a constructor parameter it can be assigned to (<see cref="IRpcCallInvoker"/>
/// takes both). The factory of each is built on first use, so a client whose constructor takes an
/// <see cref="RpcClient"/> works until its configuration asks for a channel, which startup then rejects.
/// </summary>
internal static class TypedClientActivator<TClient>
    where TClient : class
{
    private static readonly Lazy<ObjectFactory> ForClient = new(() => ActivatorUtilities.CreateFactory(typeof(TClient), [typeof(RpcClient)]));
    private static readonly Lazy<ObjectFactory> ForChannel = new(() => ActivatorUtilities.CreateFactory(typeof(TClient), [typeof(RpcChannel)]));

    /// <summary>Whether a public constructor of <typeparamref name="TClient"/> has a parameter an <see cref="RpcChannel"/> can be passed to.</summary>
    public static bool TakesChannel { get; } = typeof(TClient).GetConstructors()
        .Any(c => c.GetParameters().Any(p => p.ParameterType.IsAssignableFrom(typeof(RpcChannel))));

    public static TClient Create(IServiceProvider services, IRpcCallInvoker invoker) => invoker switch
    {
        RpcChannel channel => (TClient)ForChannel.Value(services, [channel]),
        _ => (TClient)ForClient.Value(services, [invoker]),
    };
}
