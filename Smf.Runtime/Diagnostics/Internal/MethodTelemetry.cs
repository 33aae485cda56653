using System.Collections.Concurrent;
using System.Globalization;

namespace Smf.Diagnostics.Internal;

/// <summary>
/// The telemetry of one method on one server or client: its span name, its tag lists made once per status (so a call
/// records its measurements without allocating) and, when enabled, its latency histogram. Thread-safe.
/// </summary>
internal sealed class MethodTelemetry
{
    public const string SystemTag = "rpc.system";
    public const string ServiceTag = "rpc.service";
    public const string MethodTag = "rpc.method";
    public const string StatusTag = "rpc.response.status_code";
    public const string ErrorTypeTag = "error.type";

    private const int CachedStatuses = 1000;

    private readonly KeyValuePair<string, object?>[]?[] _byStatus = new KeyValuePair<string, object?>[]?[CachedStatuses];
    private readonly ConcurrentDictionary<string, KeyValuePair<string, object?>[]> _byError = new(StringComparer.Ordinal);

    public MethodTelemetry(string service, string method, bool recordLatency)
    {
        Service = service;
        Method = method;
        SpanName = service + "/" + method;
        Latency = recordLatency ? new LatencyHistogram() : null;
    }

    public string Service { get; }

    public string Method { get; }

    /// <summary>The span name, <c>Service/Method</c> as OpenTelemetry's RPC conventions name spans.</summary>
    public string SpanName { get; }

    /// <summary>The latency histogram, when the owner records them.</summary>
    public LatencyHistogram? Latency { get; }

    /// <summary>The tags of a call answered <paramref name="status"/>: system, service, method, status code (and error.type for 5xx).</summary>
    public KeyValuePair<string, object?>[] ForStatus(uint status)
    {
        if (status < CachedStatuses)
        {
            return _byStatus[status] ??= MakeStatusTags(status);
        }

        return MakeStatusTags(status);
    }

    /// <summary>The tags of a call that got no reply: system, service, method, error.type.</summary>
    public KeyValuePair<string, object?>[] ForError(string errorType) =>
        _byError.GetOrAdd(errorType, static (type, self) =>
        [
            new(SystemTag, SmfTelemetry.RpcSystem),
            new(ServiceTag, self.Service),
            new(MethodTag, self.Method),
            new(ErrorTypeTag, type),
        ], this);

    private KeyValuePair<string, object?>[] MakeStatusTags(uint status)
    {
        var code = status.ToString(CultureInfo.InvariantCulture);
        return status >= 500
            ? [new(SystemTag, SmfTelemetry.RpcSystem), new(ServiceTag, Service), new(MethodTag, Method), new(StatusTag, code), new(ErrorTypeTag, code)]
            : [new(SystemTag, SmfTelemetry.RpcSystem), new(ServiceTag, Service), new(MethodTag, Method), new(StatusTag, code)];
    }
}
