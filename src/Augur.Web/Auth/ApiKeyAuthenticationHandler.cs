using System.Text.Encodings.Web;
using Augur.Platform.ApiKeys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Augur.Web.Auth;

/// <summary>
/// Authenticates "Authorization: Bearer augur_…" or "X-Api-Key: augur_…" with a personal API key. The secret is never
/// logged: a bad key fails with a fixed message.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyService keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    /// <summary>True when the request carries a key, which is how the policy scheme picks this handler over the cookie.</summary>
    public static bool HasKey(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Headers.ContainsKey(HeaderName)
            || request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[HeaderName].ToString();
        if (presented.Length == 0)
        {
            var authorization = Request.Headers.Authorization.ToString();
            presented = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : "";
        }

        if (presented.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        var found = await keys.AuthenticateAsync(presented, Context.RequestAborted);
        if (found is not { } match)
        {
            return AuthenticateResult.Fail("The API key is unknown, expired or revoked.");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(AugurClaims.PrincipalFor(match.User, match.Key, SchemeName), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
