using System.Security.Claims;
using Augur.Web.Deployments;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;

namespace Augur.Web.Auth;

public static class AuthSetup
{
    /// <summary>The default scheme: a policy that picks the API key handler when a key header is present, else the cookie.</summary>
    public const string SelectorScheme = "augur";

    public static IServiceCollection AddAugurAuth(this IServiceCollection services)
    {
        services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, "Cookie or API key", o =>
                o.ForwardDefaultSelector = ctx => !ApiKeyAuthenticationHandler.HasKey(ctx.Request)
                    ? CookieAuthenticationDefaults.AuthenticationScheme
                    : EndpointKeyAuthenticationHandler.IsEndpointKey(ctx.Request)
                        ? EndpointKeyAuthenticationHandler.SchemeName
                        : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, EndpointKeyAuthenticationHandler>(EndpointKeyAuthenticationHandler.SchemeName, null)
            .AddCookie(o =>
            {
                o.Cookie.Name = "augur.auth";
                o.Cookie.HttpOnly = true;
                // Strict: the browser never sends the session cookie on a request started by another site.
                o.Cookie.SameSite = SameSiteMode.Strict;
                // Secure whenever the request is HTTPS (behind TLS the cookie never travels in clear).
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/login";
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(12);
                // The API answers 401/403; only the dashboard redirects to the sign-in page.
                o.Events.OnRedirectToLogin = ctx => RedirectOrStatus(ctx.HttpContext, ctx.RedirectUri, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => RedirectOrStatus(ctx.HttpContext, ctx.RedirectUri, StatusCodes.Status403Forbidden);
            });
        services.AddTransient<IClaimsTransformation, ClientAddressClaims>();
        services.AddAuthorizationBuilder()
            // Everything needs a signed-in user unless an endpoint says otherwise. An endpoint key (an application, not a
            // person) has no user id, so this refuses it everywhere but the one route that names EndpointCaller.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireClaim(ClaimTypes.NameIdentifier).Build())
            .AddPolicy(Policies.EndpointCaller, p => p.RequireAuthenticatedUser())
            .AddPolicy(Policies.Admin, p => p.RequireAuthenticatedUser().RequireClaim(AugurClaims.IsAdmin, "true"));
        services.AddCascadingAuthenticationState();
        services.AddHttpContextAccessor();
        return services;
    }

    private static Task RedirectOrStatus(HttpContext context, string redirectUri, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(redirectUri);
        }

        return Task.CompletedTask;
    }
}
