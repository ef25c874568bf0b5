using Augur.Platform.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Security.Claims;

namespace Augur.Web.Auth;

public sealed record SignInRequest(string UserName, string Password);

public sealed record MeResponse(Guid Id, string UserName, bool IsAdmin);

/// <summary>Sign in and out for API clients; the dashboard's form posts to /account/login instead.</summary>
public static class AuthApi
{
    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/auth").WithTags("Auth");
        group.MapPost("/login", SignInAsync).AllowAnonymous().WithName("SignIn").WithSummary("Sign in and receive the session cookie.");
        group.MapPost("/logout", SignOutAsync).WithName("SignOut").WithSummary("End the session.");
        group.MapGet("/me", (ClaimsPrincipal user) => TypedResults.Ok(Me(user))).WithName("Me").WithSummary("Who is signed in.");
        return api;
    }

    private static async Task<Results<Ok<MeResponse>, ProblemHttpResult>> SignInAsync(SignInRequest request, UserService users, HttpContext http, CancellationToken cancellationToken)
    {
        var user = await users.VerifyAsync(request.UserName ?? "", request.Password ?? "", cancellationToken);
        if (user is null)
        {
            return TypedResults.Problem("The user name or password is not right.", statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed");
        }

        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, AugurClaims.PrincipalFor(user));
        return TypedResults.Ok(new MeResponse(user.Id, user.UserName, user.IsAdmin));
    }

    private static async Task<NoContent> SignOutAsync(HttpContext http, CancellationToken cancellationToken)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    private static MeResponse Me(ClaimsPrincipal user)
    {
        var caller = user.ToCaller();
        return new MeResponse(caller.UserId, caller.UserName, caller.IsAdmin);
    }
}
