using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Smf.Balancing;
using Smf.Client;
using Smf.Hosting;
using Smf.Hosting.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds typed smf clients to a service collection: <c>builder.Services.AddSmfClient&lt;MemoryNodeClient&gt;(o =&gt; o.Address = "127.0.0.1:20776")</c>.</summary>
public static class SmfClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds the typed client <typeparamref name="TClient"/> under the name of its type without the <c>Client</c> suffix
    /// (<c>MemoryNodeClient</c> is named <c>MemoryNode</c>, configured in <c>Smf:Clients:MemoryNode</c>).
    /// </summary>
    /// <typeparam name="TClient">A generated client (its constructor takes an <see cref="IRpcCallInvoker"/>) or any class whose constructor takes one, an <see cref="RpcClient"/> or an <see cref="RpcChannel"/>.</typeparam>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Changes the options after they are bound from configuration; <see langword="null"/> for none.</param>
    /// <returns>A builder that adds interceptors to the client name.</returns>
    public static SmfClientBuilder AddSmfClient<TClient>(this IServiceCollection services, Action<SmfClientOptions>? configure = null)
        where TClient : class => services.AddSmfClient<TClient>(DefaultName(typeof(TClient)), configure);

    /// <summary>
    /// Adds the typed client <typeparamref name="TClient"/> named <paramref name="name"/>: its options are bound from
    /// <c>Smf:Clients:&lt;name&gt;</c>, then <paramref name="configure"/> runs, and they are checked when the host starts
    /// (the message names the key). <typeparamref name="TClient"/> is transient and takes the host's services in its
    /// constructor beside what it calls through: every client of one name shares one <see cref="RpcClient"/> for an
    /// <see cref="SmfClientOptions.Address"/> or one <see cref="RpcChannel"/> for <see cref="SmfClientOptions.Endpoints"/>
    /// (<see cref="SmfClientFactory"/>), which connects on its first call and is disposed with the host.
    /// </summary>
    /// <typeparam name="TClient">A generated client (its constructor takes an <see cref="IRpcCallInvoker"/>) or any class whose constructor takes one, an <see cref="RpcClient"/> or an <see cref="RpcChannel"/>.</typeparam>
    /// <param name="services">The application's services.</param>
    /// <param name="name">The client name; two typed clients of one name share a connection.</param>
    /// <param name="configure">Changes the options after they are bound from configuration; <see langword="null"/> for none.</param>
    /// <returns>A builder that adds interceptors to the client name.</returns>
    public static SmfClientBuilder AddSmfClient<TClient>(this IServiceCollection services, string name, Action<SmfClientOptions>? configure = null)
        where TClient : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var options = services.AddOptions<SmfClientOptions>(name).BindConfiguration($"{SmfClientOptions.SectionPrefix}:{name}").ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(
            o => !o.UsesChannel || TypedClientActivator<TClient>.TakesChannel,
            $"{SmfClientOptions.SectionPrefix}:{name}:{nameof(SmfClientOptions.Endpoints)} (or an smf:// {nameof(SmfClientOptions.Address)}) makes the client call many servers through an {nameof(RpcChannel)}, but no constructor of {typeof(TClient).Name} takes one: take an {nameof(IRpcCallInvoker)}, as generated clients do.");
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmfClientOptions>, SmfClientOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmfClientOptions>, SmfClientTlsOptionsValidator>());
        services.TryAddSingleton(static sp => new SmfClientFactory(
            sp,
            sp.GetRequiredService<IOptionsMonitor<SmfClientOptions>>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddTransient(sp => TypedClientActivator<TClient>.Create(sp, sp.GetRequiredService<SmfClientFactory>().GetCallInvoker(name)));
        return new SmfClientBuilder(services, name);
    }

    private static string DefaultName(Type client) =>
        client.Name.EndsWith("Client", StringComparison.Ordinal) && client.Name.Length > "Client".Length
            ? client.Name[..^"Client".Length]
            : client.Name;
}
