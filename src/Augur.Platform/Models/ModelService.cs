using Augur.Platform.Database;
using Augur.Platform.Projects;
using Microsoft.EntityFrameworkCore;

namespace Augur.Platform.Models;

/// <summary>The model registry of a project: named models and their numbered versions.</summary>
public sealed class ModelService(AugurDbContext db, ProjectService projects)
{
    public async Task<IReadOnlyList<RegisteredModel>> ListAsync(Caller caller, Guid projectId, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Viewer, cancellationToken);
        return await db.Models.Include(m => m.Versions).Where(m => m.ProjectId == projectId).OrderBy(m => m.Name).ToListAsync(cancellationToken);
    }

    public async Task<RegisteredModel> GetAsync(Caller caller, Guid projectId, string name, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Viewer, cancellationToken);
        return await db.Models.Include(m => m.Versions).SingleOrDefaultAsync(m => m.ProjectId == projectId && m.Name == name, cancellationToken)
            ?? throw new NotFoundException("model", name);
    }

    /// <summary>
    /// The newest version of a model, in one query and without loading the others. No access check: callers on the
    /// prediction path have already authorised the project.
    /// </summary>
    internal Task<ModelVersion?> FindLatestVersionAsync(Guid projectId, string name, CancellationToken cancellationToken) =>
        db.ModelVersions
            .Where(v => db.Models.Any(m => m.Id == v.ModelId && m.ProjectId == projectId && m.Name == name))
            .OrderByDescending(v => v.Version)
            .FirstOrDefaultAsync(cancellationToken);
}
