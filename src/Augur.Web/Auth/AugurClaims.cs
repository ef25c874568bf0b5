using System.Security.Claims;
using Augur.Platform;
using Augur.Platform.Users;

namespace Augur.Web.Auth;

/// <summary>The claims in Augur's session cookie, and the way back from them to a <see cref="Caller"/>.</summary>
public static class AugurClaims
{
    public const string IsAdmin = "augur:admin";

    public static ClaimsPrincipal PrincipalFor(User user) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id.ToString()),
                new Claim(ClaimTypes.Name, user.UserName),
                new Claim(IsAdmin, user.IsAdmin ? "true" : "false"),
            ],
            "augur"));

    public static Caller ToCaller(this ClaimsPrincipal principal)
    {
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("The request is not signed in.");
        return new Caller(Guid.Parse(id), principal.Identity?.Name ?? "", principal.HasClaim(IsAdmin, "true"));
    }
}
