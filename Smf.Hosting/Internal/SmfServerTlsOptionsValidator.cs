using Microsoft.Extensions.Options;
using Smf.Security;

namespace Smf.Hosting.Internal;

/// <summary>Checks <see cref="SmfServerOptions.Tls"/> (<c>Smf:Server:Tls</c>) when the host starts; each failure names the configuration key and the value.</summary>
internal sealed class SmfServerTlsOptionsValidator : IValidateOptions<SmfServerOptions>
{
    private const string Section = $"{SmfServerOptions.SectionName}:{nameof(SmfServerOptions.Tls)}";

    public ValidateOptionsResult Validate(string? name, SmfServerOptions options)
    {
        if (options.Tls is not { } tls)
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        TlsSettingsCheck.Certificate(failures, $"{Section}:{nameof(tls.Certificate)}", tls.Certificate, $"when {Section} is set");
        const string modeKey = $"{Section}:{nameof(tls.ClientCertificateMode)}";
        const string authorityKey = $"{Section}:{nameof(tls.ClientCertificateAuthorityPath)}";
        if (tls.ClientCertificateMode is { } mode && !Enum.IsDefined(mode))
        {
            failures.Add($"{modeKey} is '{mode}'; it must be one of {string.Join(", ", Enum.GetNames<RpcClientCertificateMode>())}.");
        }
        else if (tls.ClientCertificateMode == RpcClientCertificateMode.NoCertificate && tls.ClientCertificateAuthorityPath is not null)
        {
            failures.Add($"{authorityKey} is '{tls.ClientCertificateAuthorityPath}' but {modeKey} is '{RpcClientCertificateMode.NoCertificate}', so no client certificate would be asked for; set {modeKey} to '{RpcClientCertificateMode.RequireCertificate}' or '{RpcClientCertificateMode.AllowCertificate}', or remove it.");
        }

        TlsSettingsCheck.Authorities(failures, authorityKey, tls.ClientCertificateAuthorityPath);
        TlsSettingsCheck.HandshakeTimeout(failures, $"{Section}:{nameof(tls.HandshakeTimeout)}", tls.HandshakeTimeout);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
