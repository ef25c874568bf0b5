using Augur.Platform.Users;
using Augur.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Augur.Web.Users;

public sealed record CreateUserRequest(string UserName, string Password, bool IsAdmin = false);

public sealed record UserResponse(Guid Id, string UserName, bool IsAdmin, DateTime CreatedAt);

/// <summary>Account administration; only the system admin may create users.</summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/users").WithTags("Users").RequireAuthorization(Policies.Admin);
        group.MapPost("/", CreateAsync).WithName("CreateUser").WithSummary("Create a user account (admin only).");
        return api;
    }

    private static async Task<Created<UserResponse>> CreateAsync(CreateUserRequest request, UserService users, CancellationToken cancellationToken)
    {
        var user = await users.CreateAsync(request.UserName ?? "", request.Password ?? "", request.IsAdmin, cancellationToken);
        return TypedResults.Created($"/api/v1/users/{user.Id}", new UserResponse(user.Id, user.UserName, user.IsAdmin, user.CreatedAt));
    }
}
