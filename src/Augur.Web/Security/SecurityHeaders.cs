namespace Augur.Web.Security;

/// <summary>
/// Security headers on every response, and HTTPS redirection plus HSTS when Kestrel has a certificate. The CSP fits
/// Blazor Server and MudBlazor: scripts from this origin only, inline styles (MudBlazor sets style attributes), the
/// circuit's WebSocket to this origin, and no framing by any site. The Scalar API reference at /openapi loads its
/// script from a CDN, so it gets no CSP (it shows no customer data).
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplication UseAugurSecurityHeaders(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (HasCertificate(app.Configuration))
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        app.Use((context, next) =>
        {
            // OnStarting, so that error responses (whose headers the exception handler clears) carry them too.
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.XFrameOptions = "DENY";
                if (!context.Request.Path.StartsWithSegments("/openapi"))
                {
                    headers.ContentSecurityPolicy = ContentSecurityPolicy;
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }

    /// <summary>True when Kestrel is given a certificate (a default one, or an HTTPS endpoint).</summary>
    public static bool HasCertificate(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!string.IsNullOrEmpty(configuration["Kestrel:Certificates:Default:Path"]) || !string.IsNullOrEmpty(configuration["Kestrel:Certificates:Default:Subject"]))
        {
            return true;
        }

        return configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Any(e => (e["Url"] ?? "").StartsWith("https://", StringComparison.OrdinalIgnoreCase));
    }
}
