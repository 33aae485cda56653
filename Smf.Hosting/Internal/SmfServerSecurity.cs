using Microsoft.Extensions.Logging;
using Smf.Security;
using Smf.Server;

namespace Smf.Hosting.Internal;

/// <summary>Puts the hosted server's TLS settings, interceptors and authorization on its <see cref="RpcServerOptions"/>.</summary>
internal static class SmfServerSecurity
{
    /// <summary>Sets <see cref="RpcServerOptions.Tls"/>, <see cref="RpcServerOptions.Interceptors"/> and <see cref="RpcServerOptions.Authorization"/>.</summary>
    /// <exception cref="InvalidOperationException">An interceptor or the authorization table cannot be made; the message names it.</exception>
    public static void Apply(RpcServerOptions options, SmfServerOptions settings, SmfServerRegistrations registrations, IServiceProvider services, ILogger logger)
    {
        if (settings.Tls is { } tls)
        {
            options.Tls = tls.ToRpcServerTlsOptions();
            SmfHostingLog.ServingTls(logger, options.Tls.CertificatePath!, options.Tls.ClientCertificateMode);
        }

        foreach (var (type, create) in registrations.Interceptors)
        {
            try
            {
                options.Interceptors.Add(create(services) ?? throw new InvalidOperationException("The factory returned null."));
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"The smf server cannot create the interceptor {type.FullName}: {e.Message}", e);
            }
        }

        if (registrations.Authorization.Count == 0)
        {
            return;
        }

        var authorization = new RpcAuthorization();
        try
        {
            foreach (var configure in registrations.Authorization)
            {
                configure(services, authorization);
            }
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"The smf server cannot set up its authorization policies: {e.Message}", e);
        }

        options.Authorization = authorization;
    }
}
