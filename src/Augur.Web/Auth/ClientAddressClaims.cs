using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace Augur.Web.Auth;

/// <summary>
/// Adds the client's address to the signed-in principal on each request, so that the platform's audit log can record
/// it without knowing about HTTP. (A Blazor circuit keeps the address of the request that opened it.)
/// </summary>
public sealed class ClientAddressClaims(IHttpContextAccessor http) : IClaimsTransformation
{
    public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var address = http.HttpContext?.Connection.RemoteIpAddress?.ToString();
        if (address is null || principal.HasClaim(c => c.Type == AugurClaims.Ip) || principal.Identity is not ClaimsIdentity { IsAuthenticated: true })
        {
            return Task.FromResult(principal);
        }

        var copy = principal.Clone();
        ((ClaimsIdentity)copy.Identity!).AddClaim(new Claim(AugurClaims.Ip, address));
        return Task.FromResult(copy);
    }
}
