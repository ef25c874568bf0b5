using System.Security.Claims;
using Augur.Platform;
using Augur.Platform.Projects;
using Augur.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Augur.Web.Projects;

/// <summary>A new project; <see cref="Kind"/> is tabular when omitted.</summary>
public sealed record CreateProjectRequest(string Name, string? Description, ProjectKind? Kind = null);

public sealed record ProjectResponse(Guid Id, string Name, string? Description, string? SuggestedTarget, ProjectKind Kind, DateTime CreatedAt)
{
    public static ProjectResponse From(Project p) => new(p.Id, p.Name, p.Description, p.SuggestedTarget, p.Kind, p.CreatedAt);
}

public static class ProjectsApi
{
    public static RouteGroupBuilder MapProjectsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/projects").WithTags("Projects");
        group.MapGet("/", ListAsync).WithName("ListProjects").WithSummary("The projects the caller can see.");
        group.MapPost("/", CreateAsync).WithName("CreateProject").WithSummary("Create a project owned by the caller.");
        group.MapGet("/{projectId:guid}", GetAsync).WithName("GetProject").WithSummary("One project.");
        return api;
    }

    private static async Task<Ok<List<ProjectResponse>>> ListAsync(ProjectService projects, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok((await projects.ListAsync(user.ToCaller(), cancellationToken)).Select(ProjectResponse.From).ToList());

    private static async Task<Created<ProjectResponse>> CreateAsync(CreateProjectRequest request, ProjectService projects, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var project = await projects.CreateAsync(user.ToCaller(), request.Name, request.Description, request.Kind ?? ProjectKind.Tabular, cancellationToken);
        return TypedResults.Created($"/api/v1/projects/{project.Id}", ProjectResponse.From(project));
    }

    private static async Task<Ok<ProjectResponse>> GetAsync(Guid projectId, ProjectService projects, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var project = await projects.FindAsync(user.ToCaller(), projectId, cancellationToken) ?? throw new NotFoundException("project", projectId);
        return TypedResults.Ok(ProjectResponse.From(project));
    }
}
