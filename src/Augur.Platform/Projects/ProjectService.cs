using Augur.Platform.Database;
using Microsoft.EntityFrameworkCore;

namespace Augur.Platform.Projects;

/// <summary>
/// Projects and who may see them. Every other service asks <see cref="FindAsync"/> first, so a project that the
/// caller may not see looks exactly like one that does not exist.
/// </summary>
public sealed class ProjectService(AugurDbContext db, TimeProvider clock)
{
    public IQueryable<Project> VisibleTo(Caller caller) =>
        caller.IsAdmin ? db.Projects : db.Projects.Where(p => p.OwnerId == caller.UserId);

    public async Task<IReadOnlyList<Project>> ListAsync(Caller caller, CancellationToken cancellationToken) =>
        await VisibleTo(caller).OrderBy(p => p.Name).ToListAsync(cancellationToken);

    public Task<Project?> FindAsync(Caller caller, Guid projectId, CancellationToken cancellationToken) =>
        VisibleTo(caller).SingleOrDefaultAsync(p => p.Id == projectId, cancellationToken);

    public async Task<Project> CreateAsync(Caller caller, string name, string? description, CancellationToken cancellationToken)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length is 0 or > 200)
        {
            throw new PlatformValidationException("name", "A project needs a name of 1 to 200 characters.");
        }

        var project = Project.Create(trimmed, description?.Trim(), caller.UserId, clock.GetUtcNow().UtcDateTime);
        db.Projects.Add(project);
        await db.SaveChangesAsync(cancellationToken);
        return project;
    }
}
