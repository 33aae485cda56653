using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.ServiceDiscovery;
using Smf.Balancing;
using Smf.Client;
using Smf.Transport;

namespace Smf.Hosting.Internal;

/// <summary>Checks each named <see cref="SmfClientOptions"/> when the host starts; failures name the configuration key and the value.</summary>
internal sealed class SmfClientOptionsValidator(IServiceProviderIsService services) : IValidateOptions<SmfClientOptions>
{
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMilliseconds(int.MaxValue);

    public ValidateOptionsResult Validate(string? name, SmfClientOptions options)
    {
        var section = $"{SmfClientOptions.SectionPrefix}:{name}";
        var failures = new List<string>();
        CheckAddress(section, options, failures);
        if (SmfClientAddress.IsDiscovered(options.Address) && options.Endpoints.Count == 0)
        {
            CheckDiscovery(section, options.Address, failures);
        }

        void Check<T>(bool valid, string key, T value, string rule)
        {
            if (!valid)
            {
                failures.Add($"{section}:{key} is '{value}'; it must be {rule}.");
            }
        }

        Check(Enum.IsDefined(options.Transport), nameof(options.Transport), options.Transport, $"one of {string.Join(", ", Enum.GetNames<RpcTransport>())}");
        Check(options.Transport != RpcTransport.Epoll || OperatingSystem.IsLinux(), nameof(options.Transport), options.Transport, "Auto or Socket off Linux");
        Check(options.MaxCallsInFlight is >= 1 and <= RpcClientOptions.MaxSessions, nameof(options.MaxCallsInFlight), options.MaxCallsInFlight, $"between 1 and {RpcClientOptions.MaxSessions}");
        Check((options.CallTimeout >= TimeSpan.Zero && options.CallTimeout <= MaxTimeout) || options.CallTimeout == Timeout.InfiniteTimeSpan, nameof(options.CallTimeout), options.CallTimeout, "zero or positive, or -00:00:00.001 for none");
        Check((options.ConnectTimeout > TimeSpan.Zero && options.ConnectTimeout <= MaxTimeout) || options.ConnectTimeout == Timeout.InfiniteTimeSpan, nameof(options.ConnectTimeout), options.ConnectTimeout, "positive, or -00:00:00.001 for none");
        Check(options.MaxReplyPayloadSize >= 1, nameof(options.MaxReplyPayloadSize), options.MaxReplyPayloadSize, "at least 1 byte");
        Check(options.ReceiveBufferSize is >= 4096 and <= 16 * 1024 * 1024, nameof(options.ReceiveBufferSize), options.ReceiveBufferSize, "between 4096 and 16777216 bytes");
        Check(options.OutputPauseThreshold > 0, nameof(options.OutputPauseThreshold), options.OutputPauseThreshold, "positive");
        for (var i = 0; i < options.ReconnectDelays.Count; i++)
        {
            Check(options.ReconnectDelays[i] >= TimeSpan.Zero, $"{nameof(options.ReconnectDelays)}:{i}", options.ReconnectDelays[i], "zero or positive");
        }

        Check(options.ReconnectJitter >= TimeSpan.Zero, nameof(options.ReconnectJitter), options.ReconnectJitter, "zero or positive");
        Check(Enum.IsDefined(options.Picker), nameof(options.Picker), options.Picker, $"one of {string.Join(", ", Enum.GetNames<RpcPickerKind>())}");
        Check((options.RefreshPeriod > TimeSpan.Zero && options.RefreshPeriod <= MaxTimeout) || options.RefreshPeriod == Timeout.InfiniteTimeSpan, nameof(options.RefreshPeriod), options.RefreshPeriod, "positive, or -00:00:00.001 for only after failures");
        Check(options.MaxAttempts is >= 1 and <= 16, nameof(options.MaxAttempts), options.MaxAttempts, "between 1 and 16");
        if (options.UsesChannel && options.LatencyHistogramPath is not null)
        {
            failures.Add($"{section}:{nameof(options.LatencyHistogramPath)} is '{options.LatencyHistogramPath}', but the client calls many servers ({section}:{nameof(options.Endpoints)} or an smf:// {nameof(options.Address)}): the latency histogram is written for a client of one host:port {nameof(options.Address)}; remove the key.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Exactly one of Address and Endpoints, each entry parseable.</summary>
    private static void CheckAddress(string section, SmfClientOptions options, List<string> failures)
    {
        var addressKey = $"{section}:{nameof(options.Address)}";
        var endpointsKey = $"{section}:{nameof(options.Endpoints)}";
        if (options.Address is not null && options.Endpoints.Count > 0)
        {
            failures.Add($"{addressKey} and {endpointsKey} are both set ('{options.Address}' and {options.Endpoints.Count} endpoints); set {nameof(options.Address)} for one server or {nameof(options.Endpoints)} for many, not both.");
            return;
        }

        if (options.Endpoints.Count > 0)
        {
            for (var i = 0; i < options.Endpoints.Count; i++)
            {
                if (!SmfClientAddress.TryParse(options.Endpoints[i], out _))
                {
                    failures.Add($"{endpointsKey}:{i} is '{options.Endpoints[i]}'; it must be host:port (127.0.0.1:20776, [::1]:20776, server.local:20776) or unix:/path.");
                }
            }

            return;
        }

        if (options.Address is null)
        {
            failures.Add($"{addressKey} is required: set it to the server's host:port, e.g. 127.0.0.1:20776 (or set {endpointsKey}:0, {endpointsKey}:1, ... for many servers).");
        }
        else if (!SmfClientAddress.IsDiscovered(options.Address) && !SmfClientAddress.TryParse(options.Address, out _))
        {
            failures.Add($"{addressKey} is '{options.Address}'; it must be host:port (127.0.0.1:20776, [::1]:20776, server.local:20776), unix:/path, or a service-discovery name such as smf://kvstore.");
        }
    }

    /// <summary>A service-discovery name needs a parseable query and the host's ServiceEndpointResolver.</summary>
    private void CheckDiscovery(string section, string address, List<string> failures)
    {
        var addressKey = $"{section}:{nameof(SmfClientOptions.Address)}";
        if (!ServiceEndpointQuery.TryParse(address, out var query) || query.ServiceName.Length == 0)
        {
            failures.Add($"{addressKey} is '{address}', which is not a service-discovery name: write smf://name (configuration) or smf://host.name:port (DNS).");
            return;
        }

        if (!services.IsService(typeof(ServiceEndpointResolver)))
        {
            failures.Add($"{addressKey} is '{address}', a service-discovery name, but the host has no service discovery: call builder.Services.AddServiceDiscovery() "
                + $"(it reads Services:{query.ServiceName}:{SmfClientAddress.DiscoveryScheme}:0, :1, ... from configuration), and builder.Services.AddSmfDnsServiceEndpointProvider() for DNS names such as smf://kvstore.default.svc.cluster.local:20776.");
        }
    }
}
