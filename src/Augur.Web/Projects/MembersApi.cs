using System.Security.Claims;
using Augur.Platform.Projects;
using Augur.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Augur.Web.Projects;

public sealed record AddMemberRequest(string UserName, ProjectRole Role);

public sealed record ChangeMemberRequest(ProjectRole Role);

public sealed record MemberResponse(Guid UserId, string UserName, ProjectRole Role, bool IsCreator, DateTime AddedAt)
{
    public static MemberResponse From(MemberInfo m) => new(m.UserId, m.UserName, m.Role, m.IsCreator, m.AddedAt);
}

/// <summary>Sharing a project: owners list, add, change and remove members (viewer, editor or owner).</summary>
public static class MembersApi
{
    public static RouteGroupBuilder MapMembersApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/projects/{projectId:guid}/members").WithTags("Members");
        group.MapGet("/", ListAsync).WithName("ListMembers").WithSummary("Who the project is shared with, and their roles (owners only).");
        group.MapPost("/", AddAsync).WithName("AddMember").WithSummary("Share the project with a colleague as viewer, editor or owner (owners only).");
        group.MapPut("/{userId:guid}", ChangeAsync).WithName("ChangeMember").WithSummary("Change a member's role (owners only).");
        group.MapDelete("/{userId:guid}", RemoveAsync).WithName("RemoveMember").WithSummary("Stop sharing the project with a member (owners only).");
        return api;
    }

    private static async Task<Ok<List<MemberResponse>>> ListAsync(Guid projectId, ProjectService projects, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok((await projects.ListMembersAsync(user.ToCaller(), projectId, cancellationToken)).Select(MemberResponse.From).ToList());

    private static async Task<Created<MemberResponse>> AddAsync(Guid projectId, AddMemberRequest request, ProjectService projects, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var member = await projects.AddMemberAsync(user.ToCaller(), projectId, request.UserName ?? "", request.Role, cancellationToken);
        return TypedResults.Created($"/api/v1/projects/{projectId}/members/{member.UserId}", MemberResponse.From(member));
    }

    private static async Task<Ok<MemberResponse>> ChangeAsync(Guid projectId, Guid userId, ChangeMemberRequest request, ProjectService projects, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(MemberResponse.From(await projects.ChangeMemberAsync(user.ToCaller(), projectId, userId, request.Role, cancellationToken)));

    private static async Task<NoContent> RemoveAsync(Guid projectId, Guid userId, ProjectService projects, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        await projects.RemoveMemberAsync(user.ToCaller(), projectId, userId, cancellationToken);
        return TypedResults.NoContent();
    }
}
