using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Smf.Hosting.Internal;

/// <summary>Checks each named client's <see cref="SmfClientOptions.Tls"/> (<c>Smf:Clients:&lt;name&gt;:Tls</c>) when the host starts; failures name the configuration key and the value.</summary>
internal sealed class SmfClientTlsOptionsValidator : IValidateOptions<SmfClientOptions>
{
    public ValidateOptionsResult Validate(string? name, SmfClientOptions options)
    {
        if (options.Tls is not { } tls)
        {
            return ValidateOptionsResult.Skip;
        }

        var section = $"{SmfClientOptions.SectionPrefix}:{name}:{nameof(SmfClientOptions.Tls)}";
        var failures = new List<string>();
        TlsSettingsCheck.Authorities(failures, $"{section}:{nameof(tls.CertificateAuthorityPath)}", tls.CertificateAuthorityPath);
        TlsSettingsCheck.Certificate(failures, $"{section}:{nameof(tls.Certificate)}", tls.Certificate, required: null);
        TlsSettingsCheck.HandshakeTimeout(failures, $"{section}:{nameof(tls.HandshakeTimeout)}", tls.HandshakeTimeout);
        var targetHostKey = $"{section}:{nameof(tls.TargetHost)}";
        if (tls.TargetHost is { Length: 0 })
        {
            failures.Add($"{targetHostKey} is empty; set the server's name as in its certificate, or remove the key to use the host of {SmfClientOptions.SectionPrefix}:{name}:{nameof(SmfClientOptions.Address)}.");
        }
        else if (tls.TargetHost is null && SmfClientAddress.TryParse(options.Address, out var endPoint) && endPoint is UnixDomainSocketEndPoint)
        {
            failures.Add($"{targetHostKey} is required with the address '{options.Address}' ({SmfClientOptions.SectionPrefix}:{name}:{nameof(SmfClientOptions.Address)}): the server's certificate is checked against it.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
