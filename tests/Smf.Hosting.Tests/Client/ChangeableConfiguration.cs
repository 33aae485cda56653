using Microsoft.Extensions.Configuration;

namespace Smf.Hosting.Tests.Client;

/// <summary>A configuration source the test rewrites: <see cref="Replace"/> swaps every key and fires the reload token, as a changed appsettings.json would.</summary>
public sealed class ChangeableConfiguration : IConfigurationSource
{
    private readonly Provider _provider = new();

    public IConfigurationProvider Build(IConfigurationBuilder builder) => _provider;

    public void Replace(IEnumerable<KeyValuePair<string, string?>> settings) => _provider.Replace(settings);

    private sealed class Provider : ConfigurationProvider
    {
        public void Replace(IEnumerable<KeyValuePair<string, string?>> settings)
        {
            Data = new Dictionary<string, string?>(settings, StringComparer.OrdinalIgnoreCase);
            OnReload();
        }
    }
}
