using Augur.Platform.Database;
using Microsoft.EntityFrameworkCore;

namespace Augur.Platform.Recommendations;

/// <summary>Which registered version a project serves; serving and the nightly batch ask the same question here.</summary>
public static class RecommenderVersions
{
    /// <summary>The newest registered version of the project, or null before the first training succeeds.</summary>
    public static Task<RecommenderRun?> ServedAsync(AugurDbContext db, Guid projectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.RecommenderRuns.AsNoTracking()
            .Where(r => r.ProjectId == projectId && r.Version != null)
            .OrderByDescending(r => r.Version)
            .FirstOrDefaultAsync(cancellationToken);
    }
}
