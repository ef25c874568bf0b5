using Augur.Platform.Users;
using Augur.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace Augur.Web.Auth;

/// <summary>
/// The dashboard's sign-in and sign-out form posts. They are plain HTTP (not Blazor circuit calls) because only an
/// HTTP response can set the session cookie. Form posts are checked against the antiforgery token.
/// </summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/account/login", LoginAsync).AllowAnonymous().RequireRateLimiting(RateLimits.SignIn).ExcludeFromDescription();
        app.MapPost("/account/logout", LogoutAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> LoginAsync([FromForm] string userName, [FromForm] string password, [FromForm] string? returnUrl, UserService users, HttpContext http, CancellationToken cancellationToken)
    {
        var user = await users.SignInAsync(userName ?? "", password ?? "", http.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        if (user is null)
        {
            return Results.LocalRedirect("/login?failed=1");
        }

        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, AugurClaims.PrincipalFor(user));
        // Only local return URLs, so the sign-in page cannot be used to bounce people to another site.
        return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
    }

    private static async Task<IResult> LogoutAsync(HttpContext http, CancellationToken cancellationToken)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.LocalRedirect("/login");
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);
}
