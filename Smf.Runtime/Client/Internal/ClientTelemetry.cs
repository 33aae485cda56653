using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Smf.Diagnostics;
using Smf.Diagnostics.Internal;

namespace Smf.Client.Internal;

/// <summary>
/// The <c>Smf.Client</c> meter's <c>rpc.client.*</c> instruments, one set per meter factory (one for the process
/// without a factory), and the per-request-id tag lists; thread-safe.
/// </summary>
internal sealed class ClientTelemetry
{
    private static readonly ConditionalWeakTable<IMeterFactory, ClientTelemetry> ByFactory = [];
    private static readonly Lazy<ClientTelemetry> Process = new(static () => new ClientTelemetry(null));

    private readonly ConcurrentDictionary<uint, MethodTelemetry> _methods = new();

    private ClientTelemetry(IMeterFactory? factory)
    {
        var options = new MeterOptions(SmfTelemetry.ClientMeterName) { Version = typeof(ClientTelemetry).Assembly.GetName().Version?.ToString() };
        Meter = factory?.Create(options) ?? new Meter(options);
        Calls = new CallInstruments(Meter, "client");
    }

    public Meter Meter { get; }

    public CallInstruments Calls { get; }

    public static ClientTelemetry For(IMeterFactory? factory) =>
        factory is null ? Process.Value : ByFactory.GetValue(factory, static f => new ClientTelemetry(f));

    /// <summary>The names and tags of a request id; <c>unknown</c> and the id while <see cref="RpcMethodNames"/> does not know it.</summary>
    public MethodTelemetry ForRequest(uint requestId)
    {
        string? service;
        string? name;
        if (_methods.TryGetValue(requestId, out var method))
        {
            if (!ReferenceEquals(method.Service, UnknownService) || !RpcMethodNames.TryGet(requestId, out service, out name))
            {
                return method;
            }

            return _methods[requestId] = new MethodTelemetry(service, name, recordLatency: false);
        }

        var made = RpcMethodNames.TryGet(requestId, out service, out name)
            ? new MethodTelemetry(service, name, recordLatency: false)
            : new MethodTelemetry(UnknownService, requestId.ToString(CultureInfo.InvariantCulture), recordLatency: false);
        return _methods.GetOrAdd(requestId, made);
    }

    private static readonly string UnknownService = new("unknown");
}
