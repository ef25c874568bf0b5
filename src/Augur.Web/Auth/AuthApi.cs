using System.Security.Claims;
using Augur.Platform.Users;
using Augur.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Augur.Web.Auth;

public sealed record SignInRequest(string UserName, string Password);

public sealed record MeResponse(Guid Id, string UserName, bool IsAdmin);

public sealed record ChangePasswordRequest(string CurrentPassword, string NewPassword);

/// <summary>Sign in and out, register (when the admin allows it) and change one's password; the dashboard posts to /account/login.</summary>
public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/auth").WithTags("Auth");
        group.MapPost("/login", SignInAsync).AllowAnonymous().RequireRateLimiting(RateLimits.SignIn)
            .WithName("SignIn").WithSummary("Sign in and receive the session cookie. Five failures in 15 minutes lock the account for 15 minutes.");
        group.MapPost("/register", RegisterAsync).AllowAnonymous().RequireRateLimiting(RateLimits.SignIn)
            .WithName("Register").WithSummary("Create one's own account, when the admin has switched self-registration on.");
        group.MapPost("/logout", SignOutAsync).WithName("SignOut").WithSummary("End the session.");
        group.MapGet("/me", (ClaimsPrincipal user) => TypedResults.Ok(Me(user))).WithName("Me").WithSummary("Who is signed in.");
        group.MapPost("/password", ChangePasswordAsync).WithName("ChangePassword").WithSummary("Change one's own password (needs the current one).");
        return api;
    }

    private static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> SignInAsync(SignInRequest request, UserService users, HttpContext http, CancellationToken cancellationToken)
    {
        var user = await users.SignInAsync(request.UserName ?? "", request.Password ?? "", http.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        if (user is null)
        {
            return TypedResults.Problem("The user name or password is not right.", statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed");
        }

        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, AugurClaims.PrincipalFor(user));
        return TypedResults.Ok(new MeResponse(user.Id, user.UserName, user.IsAdmin));
    }

    private static async Task<Created<MeResponse>> RegisterAsync(SignInRequest request, UserService users, HttpContext http, CancellationToken cancellationToken)
    {
        var user = await users.RegisterAsync(request.UserName ?? "", request.Password ?? "", http.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        return TypedResults.Created("/api/v1/auth/me", new MeResponse(user.Id, user.UserName, user.IsAdmin));
    }

    private static async Task<NoContent> SignOutAsync(HttpContext http, CancellationToken cancellationToken)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> ChangePasswordAsync(ChangePasswordRequest request, UserService users, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        await users.ChangePasswordAsync(user.ToCaller(), request.CurrentPassword ?? "", request.NewPassword ?? "", cancellationToken);
        return TypedResults.NoContent();
    }

    private static MeResponse Me(ClaimsPrincipal user)
    {
        var caller = user.ToCaller();
        return new MeResponse(caller.UserId, caller.UserName, caller.IsAdmin);
    }
}
