using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.Hosting;

namespace Augur.Platform.Startup;

/// <summary>Defaults shared by every Augur process (server and worker); any appsettings, variable or argument overrides them.</summary>
public static class HostDefaults
{
    private static readonly Dictionary<string, string?> QuietLogging = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
        ["Logging:LogLevel:Quartz"] = "Warning",
    };

    public static IHostApplicationBuilder UseAugurDefaults(this IHostApplicationBuilder builder)
    {
        // Inserted first, so that every configuration source added by the host wins over these.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = QuietLogging });
        return builder;
    }
}
