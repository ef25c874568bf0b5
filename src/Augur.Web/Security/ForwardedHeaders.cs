using System.Net;
using Augur.Platform.Configuration;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Augur.Web.Security;

/// <summary>Believes X-Forwarded-For/-Proto only from the proxies named in Security:TrustedProxies (and loopback).</summary>
public static class ForwardedHeaders
{
    public static IServiceCollection AddAugurForwardedHeaders(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<SecurityOptions>>((options, security) =>
        {
            options.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
            foreach (var entry in security.Value.TrustedProxies)
            {
                if (System.Net.IPNetwork.TryParse(entry, out var network))
                {
                    options.KnownIPNetworks.Add(network);
                }
                else if (IPAddress.TryParse(entry, out var address))
                {
                    options.KnownProxies.Add(address);
                }
                else
                {
                    throw new OptionsValidationException(SecurityOptions.Section, typeof(SecurityOptions), [$"Security:TrustedProxies: '{entry}' is not an IP address or a network such as 10.0.0.0/8."]);
                }
            }
        });
        return services;
    }
}
