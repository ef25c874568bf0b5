using Augur.Platform;
using Augur.Platform.Startup;

namespace Augur.Web;

/// <summary>The composition root of the web host, shared by Program (and its tests) and `augur serve`.</summary>
public static class AugurWebApp
{
    public const int DefaultPort = 5080;

    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.UseAugurDefaults();
        // Serve the dashboard's CSS and scripts from the build output in every environment, not only Development.
        builder.WebHost.UseStaticWebAssets();
        if (builder.Configuration["urls"] is null && Environment.GetEnvironmentVariable("ASPNETCORE_URLS") is null)
        {
            builder.WebHost.UseUrls($"http://localhost:{DefaultPort}");
        }

        builder.AddAugurPlatform();
        builder.AddAugurWeb();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseAugurWeb();
        return app;
    }
}
