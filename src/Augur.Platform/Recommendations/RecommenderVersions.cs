using Augur.Platform.Database;
using Microsoft.EntityFrameworkCore;

namespace Augur.Platform.Recommendations;

/// <summary>Which registered version a project serves; serving and the nightly batch ask the same question here.</summary>
public static class RecommenderVersions
{
    /// <summary>The version the champion alias points at, else the newest registered version, or null before the first.</summary>
    public static async Task<RecommenderRun?> ServedAsync(AugurDbContext db, Guid projectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var champion = await db.RecommenderAliases.AsNoTracking()
            .Where(a => a.ProjectId == projectId && a.Name == RecommenderAlias.Champion)
            .Select(a => (Guid?)a.RunId)
            .SingleOrDefaultAsync(cancellationToken);
        var versions = db.RecommenderRuns.AsNoTracking().Where(r => r.ProjectId == projectId && r.Version != null);
        return champion is { } runId
            ? await versions.SingleOrDefaultAsync(r => r.Id == runId, cancellationToken)
            : await versions.OrderByDescending(r => r.Version).FirstOrDefaultAsync(cancellationToken);
    }
}
