using System.Globalization;
using System.Security.Claims;
using Augur.Platform;
using Augur.Platform.ApiKeys;
using Augur.Platform.Users;

namespace Augur.Web.Auth;

/// <summary>The claims of a session cookie or an API key, and the way back from them to a <see cref="Caller"/>.</summary>
public static class AugurClaims
{
    public const string IsAdmin = "augur:admin";
    public const string KeyId = "augur:key";
    public const string KeyScope = "augur:key-scope";
    public const string KeyProject = "augur:key-project";

    /// <summary>Added on every request by <see cref="ClientAddressClaims"/>, never stored in the cookie.</summary>
    public const string Ip = "augur:ip";

    public static ClaimsPrincipal PrincipalFor(User user) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
                new Claim(ClaimTypes.Name, user.UserName),
                new Claim(IsAdmin, user.IsAdmin ? "true" : "false"),
            ],
            "augur"));

    /// <summary>A key acts for its user, capped by its scope: admin powers need a key with the admin scope.</summary>
    public static ClaimsPrincipal PrincipalFor(User user, ApiKey key, string scheme)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(key);
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString()),
            new(ClaimTypes.Name, user.UserName),
            new(IsAdmin, user.IsAdmin && key.Scope == ApiKeyScope.Admin ? "true" : "false"),
            new(KeyId, key.Id.ToString()),
            new(KeyScope, ((int)key.Scope).ToString(CultureInfo.InvariantCulture)),
        };
        if (key.ProjectId is { } projectId)
        {
            claims.Add(new Claim(KeyProject, projectId.ToString()));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    public static Caller ToCaller(this ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("The request is not signed in.");
        return new Caller(Guid.Parse(id), principal.Identity?.Name ?? "", principal.HasClaim(IsAdmin, "true"))
        {
            KeyId = principal.FindFirstValue(KeyId) is { } key ? Guid.Parse(key) : null,
            KeyScope = principal.FindFirstValue(KeyScope) is { } scope ? (ApiKeyScope)int.Parse(scope, CultureInfo.InvariantCulture) : null,
            KeyProjectId = principal.FindFirstValue(KeyProject) is { } project ? Guid.Parse(project) : null,
            Ip = principal.FindFirstValue(Ip),
        };
    }
}
