using System.Security.Claims;
using Augur.Platform.Users;
using Augur.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Augur.Web.Users;

public sealed record CreateUserRequest(string UserName, string Password, bool IsAdmin = false);

public sealed record UserResponse(Guid Id, string UserName, bool IsAdmin, DateTime CreatedAt, DateTime? LockedUntil = null)
{
    public static UserResponse From(User u) => new(u.Id, u.UserName, u.IsAdmin, u.CreatedAt, u.LockedUntil);
}

public sealed record ResetPasswordRequest(string NewPassword);

public sealed record SettingsResponse(bool SelfRegistration);

public sealed record SettingsRequest(bool SelfRegistration);

/// <summary>Account administration: only the system admin creates users, resets passwords and changes settings.</summary>
public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/users").WithTags("Users").RequireAuthorization(Policies.Admin);
        group.MapGet("/", ListAsync).WithName("ListUsers").WithSummary("Every account (admin only).");
        group.MapPost("/", CreateAsync).WithName("CreateUser").WithSummary("Create a user account (admin only).");
        group.MapPost("/{userId:guid}/password", ResetPasswordAsync).WithName("ResetPassword").WithSummary("Set a new password for a user and lift any lockout (admin only).");

        var settings = api.MapGroup("/settings").WithTags("Users").RequireAuthorization(Policies.Admin);
        settings.MapGet("/", GetSettingsAsync).WithName("GetSettings").WithSummary("System settings (admin only).");
        settings.MapPut("/", PutSettingsAsync).WithName("PutSettings").WithSummary("Switch self-registration on or off (admin only).");
        return api;
    }

    private static async Task<Ok<List<UserResponse>>> ListAsync(UserService users, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok((await users.ListAsync(user.ToCaller(), cancellationToken)).Select(UserResponse.From).ToList());

    private static async Task<Created<UserResponse>> CreateAsync(CreateUserRequest request, UserService users, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var created = await users.CreateByAdminAsync(user.ToCaller(), request.UserName ?? "", request.Password ?? "", request.IsAdmin, cancellationToken);
        return TypedResults.Created($"/api/v1/users/{created.Id}", UserResponse.From(created));
    }

    private static async Task<NoContent> ResetPasswordAsync(Guid userId, ResetPasswordRequest request, UserService users, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        await users.ResetPasswordAsync(user.ToCaller(), userId, request.NewPassword ?? "", cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<SettingsResponse>> GetSettingsAsync(UserService users, CancellationToken cancellationToken) =>
        TypedResults.Ok(new SettingsResponse(await users.IsSelfRegistrationOnAsync(cancellationToken)));

    private static async Task<Ok<SettingsResponse>> PutSettingsAsync(SettingsRequest request, UserService users, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        await users.SetSelfRegistrationAsync(user.ToCaller(), request.SelfRegistration, cancellationToken);
        return TypedResults.Ok(new SettingsResponse(request.SelfRegistration));
    }
}
