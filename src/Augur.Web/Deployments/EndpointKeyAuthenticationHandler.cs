using System.Security.Claims;
using System.Text.Encodings.Web;
using Augur.Platform.Deployments;
using Augur.Web.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Augur.Web.Deployments;

/// <summary>
/// Authenticates an application's endpoint key ("Authorization: Bearer augur_ep_…" or "X-Api-Key"). Its principal has
/// no user id, so the fallback policy (which needs one) refuses it everywhere except the endpoints' predict route.
/// </summary>
public sealed class EndpointKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    EndpointKeyService keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "EndpointKey";
    public const string KeyClaim = "augur:endpoint-key";
    public const string ProjectClaim = "augur:endpoint-project";
    public const string DeploymentClaim = "augur:endpoint-deployment";

    /// <summary>True when the request's key is an endpoint key, which is how the policy scheme picks this handler.</summary>
    public static bool IsEndpointKey(HttpRequest request) => EndpointKeyService.LooksLikeEndpointKey(Presented(request));

    /// <summary>The endpoint key a principal was signed in with, or null for a person.</summary>
    public static EndpointKeyIdentity? IdentityOf(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return principal.FindFirstValue(KeyClaim) is { } key
            ? new EndpointKeyIdentity(Guid.Parse(key), Guid.Parse(principal.FindFirstValue(ProjectClaim)!), principal.FindFirstValue(DeploymentClaim) is { } d ? Guid.Parse(d) : null)
            : null;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Presented(Request);
        if (presented.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        if (await keys.AuthenticateAsync(presented, Context.RequestAborted) is not { } identity)
        {
            return AuthenticateResult.Fail("The endpoint key is unknown or revoked.");
        }

        var claims = new List<Claim> { new(KeyClaim, identity.KeyId.ToString()), new(ProjectClaim, identity.ProjectId.ToString()) };
        if (identity.DeploymentId is { } deployment)
        {
            claims.Add(new Claim(DeploymentClaim, deployment.ToString()));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    private static string Presented(HttpRequest request)
    {
        var presented = request.Headers[ApiKeyAuthenticationHandler.HeaderName].ToString();
        if (presented.Length > 0)
        {
            return presented;
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : "";
    }
}
