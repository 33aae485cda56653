namespace Smf.Hosting;

/// <summary>
/// Settings of the DNS endpoint provider that <c>AddSmfDnsServiceEndpointProvider</c> adds to
/// Microsoft.Extensions.ServiceDiscovery, bound from <see cref="SectionName"/> and then from the delegate given there;
/// checked when the host starts.
/// </summary>
public sealed class SmfDnsServiceEndpointProviderOptions
{
    /// <summary>The configuration section: <c>Smf:ServiceDiscovery:Dns</c>.</summary>
    public const string SectionName = "Smf:ServiceDiscovery:Dns";

    /// <summary>
    /// How long one lookup's addresses are used before the name is looked up again (on the host's
    /// <see cref="TimeProvider"/>); a connection failure to one of them looks it up at once. Defaults to 30 s.
    /// </summary>
    public TimeSpan RefreshPeriod { get; set; } = TimeSpan.FromSeconds(30);
}
