using Augur.Platform.ApiKeys;
using Augur.Platform.Audit;
using Augur.Platform.Database;
using Microsoft.EntityFrameworkCore;

namespace Augur.Platform.Projects;

/// <summary>
/// Projects, who may see them and what each may do. Every other service calls <see cref="RequireAsync"/> first:
/// a project that the caller may not see looks exactly like one that does not exist (404), and a member without the
/// role needed gets <see cref="ForbiddenException"/> (403).
/// </summary>
public sealed class ProjectService(AugurDbContext db, TimeProvider clock, AuditLog? audit = null)
{
    public IQueryable<Project> VisibleTo(Caller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var query = caller.IsAdmin
            ? db.Projects
            : db.Projects.Where(p => p.OwnerId == caller.UserId || db.ProjectMembers.Any(m => m.ProjectId == p.Id && m.UserId == caller.UserId));
        // A key limited to one project sees nothing else.
        return caller.KeyProjectId is { } only ? query.Where(p => p.Id == only) : query;
    }

    public async Task<IReadOnlyList<Project>> ListAsync(Caller caller, CancellationToken cancellationToken) =>
        await VisibleTo(caller).OrderBy(p => p.Name).ToListAsync(cancellationToken);

    /// <summary>The project when the caller may at least view it, otherwise null.</summary>
    public Task<Project?> FindAsync(Caller caller, Guid projectId, CancellationToken cancellationToken) =>
        VisibleTo(caller).SingleOrDefaultAsync(p => p.Id == projectId, cancellationToken);

    /// <summary>
    /// The one authorisation check for anything inside a project: 404 when the caller cannot see it, 403 when their
    /// role (capped by their API key's scope) is below <paramref name="minimum"/>.
    /// </summary>
    public async Task<ProjectAccess> RequireAsync(Caller caller, Guid projectId, ProjectRole minimum, CancellationToken cancellationToken)
    {
        var project = await FindAsync(caller, projectId, cancellationToken) ?? throw new NotFoundException("project", projectId);
        var role = await RoleOfAsync(caller, project, cancellationToken);
        if (role < minimum)
        {
            throw new ForbiddenException(
                $"This needs the {minimum.ToString().ToLowerInvariant()} role in the project; you act as {role.ToString().ToLowerInvariant()}.");
        }

        return new ProjectAccess(project, role);
    }

    /// <summary>The caller's role in a project they can see, after the cap of the API key they used.</summary>
    public async Task<ProjectRole> RoleOfAsync(Caller caller, Project project, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(project);
        var role = caller.IsAdmin || project.OwnerId == caller.UserId
            ? ProjectRole.Owner
            : await db.ProjectMembers.Where(m => m.ProjectId == project.Id && m.UserId == caller.UserId).Select(m => (ProjectRole?)m.Role).SingleOrDefaultAsync(cancellationToken)
              ?? ProjectRole.Viewer;
        var cap = caller.KeyScope switch
        {
            ApiKeyScope.Read => ProjectRole.Viewer,
            ApiKeyScope.Write => ProjectRole.Editor,
            _ => ProjectRole.Owner,
        };
        return role < cap ? role : cap;
    }

    public Task<Project> CreateAsync(Caller caller, string name, string? description, CancellationToken cancellationToken) =>
        CreateAsync(caller, name, description, ProjectKind.Tabular, cancellationToken);

    public async Task<Project> CreateAsync(Caller caller, string name, string? description, ProjectKind kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!caller.KeyAllows(ApiKeyScope.Write) || caller.KeyProjectId is not null)
        {
            throw new ForbiddenException("This API key cannot create projects; it needs the write scope for all projects.");
        }

        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length is 0 or > 200)
        {
            throw new PlatformValidationException("name", "A project needs a name of 1 to 200 characters.");
        }

        if (!Enum.IsDefined(kind))
        {
            throw new PlatformValidationException("kind", "The project kind must be tabular or recommendations.");
        }

        var project = Project.Create(trimmed, description?.Trim(), caller.UserId, clock.GetUtcNow().UtcDateTime, kind);
        db.Projects.Add(project);
        await db.SaveChangesAsync(cancellationToken);
        await RecordAsync(caller, "project.create", project.Id, "project", project.Id.ToString(), project.Name, cancellationToken);
        return project;
    }

    /// <summary>The creator first, then colleagues by name. Owners only.</summary>
    public async Task<IReadOnlyList<MemberInfo>> ListMembersAsync(Caller caller, Guid projectId, CancellationToken cancellationToken)
    {
        var project = (await RequireAsync(caller, projectId, ProjectRole.Owner, cancellationToken)).Project;
        var creator = await db.Users.Where(u => u.Id == project.OwnerId).Select(u => u.UserName).SingleAsync(cancellationToken);
        var members = await db.ProjectMembers.Where(m => m.ProjectId == projectId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new MemberInfo(u.Id, u.UserName, m.Role, false, m.AddedAt))
            .ToListAsync(cancellationToken);
        return [new MemberInfo(project.OwnerId, creator, ProjectRole.Owner, true, project.CreatedAt), .. members.OrderBy(m => m.UserName, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Shares the project with a colleague by user name. Owners only.</summary>
    public async Task<MemberInfo> AddMemberAsync(Caller caller, Guid projectId, string userName, ProjectRole role, CancellationToken cancellationToken)
    {
        var project = (await RequireAsync(caller, projectId, ProjectRole.Owner, cancellationToken)).Project;
        CheckRole(role);
        var name = userName?.Trim() ?? "";
        var user = await db.Users.SingleOrDefaultAsync(u => u.UserName == name, cancellationToken)
            ?? throw new PlatformValidationException("userName", $"There is no user named '{name}'.");
        if (user.Id == project.OwnerId || await db.ProjectMembers.AnyAsync(m => m.ProjectId == projectId && m.UserId == user.Id, cancellationToken))
        {
            throw new PlatformValidationException("userName", $"'{user.UserName}' is already a member of this project.");
        }

        var member = ProjectMember.Create(projectId, user.Id, role, clock.GetUtcNow().UtcDateTime);
        db.ProjectMembers.Add(member);
        await db.SaveChangesAsync(cancellationToken);
        await RecordAsync(caller, "member.add", projectId, "user", user.Id.ToString(), $"{user.UserName} as {Name(role)}", cancellationToken);
        return new MemberInfo(user.Id, user.UserName, role, false, member.AddedAt);
    }

    public async Task<MemberInfo> ChangeMemberAsync(Caller caller, Guid projectId, Guid userId, ProjectRole role, CancellationToken cancellationToken)
    {
        var project = (await RequireAsync(caller, projectId, ProjectRole.Owner, cancellationToken)).Project;
        CheckRole(role);
        var member = await FindMemberAsync(project, userId, cancellationToken);
        member.ChangeRole(role);
        await db.SaveChangesAsync(cancellationToken);
        var userName = await db.Users.Where(u => u.Id == userId).Select(u => u.UserName).SingleAsync(cancellationToken);
        await RecordAsync(caller, "member.change", projectId, "user", userId.ToString(), $"{userName} to {Name(role)}", cancellationToken);
        return new MemberInfo(userId, userName, role, false, member.AddedAt);
    }

    public async Task RemoveMemberAsync(Caller caller, Guid projectId, Guid userId, CancellationToken cancellationToken)
    {
        var project = (await RequireAsync(caller, projectId, ProjectRole.Owner, cancellationToken)).Project;
        var member = await FindMemberAsync(project, userId, cancellationToken);
        db.ProjectMembers.Remove(member);
        await db.SaveChangesAsync(cancellationToken);
        await RecordAsync(caller, "member.remove", projectId, "user", userId.ToString(), null, cancellationToken);
    }

    private async Task<ProjectMember> FindMemberAsync(Project project, Guid userId, CancellationToken cancellationToken)
    {
        if (userId == project.OwnerId)
        {
            throw new PlatformValidationException("userId", "The project's creator is always an owner and cannot be changed or removed.");
        }

        return await db.ProjectMembers.SingleOrDefaultAsync(m => m.ProjectId == project.Id && m.UserId == userId, cancellationToken)
            ?? throw new NotFoundException("member", userId);
    }

    private static void CheckRole(ProjectRole role)
    {
        if (!Enum.IsDefined(role))
        {
            throw new PlatformValidationException("role", "The role must be owner, editor or viewer.");
        }
    }

    private static string Name(ProjectRole role) => role.ToString().ToLowerInvariant();

    private Task RecordAsync(Caller caller, string action, Guid projectId, string objectType, string objectId, string? detail, CancellationToken cancellationToken) =>
        audit is null ? Task.CompletedTask : audit.RecordAsync(caller, action, projectId, objectType, objectId, detail, cancellationToken);
}
