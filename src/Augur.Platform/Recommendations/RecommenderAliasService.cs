using System.Text.RegularExpressions;
using Augur.Platform.Audit;
using Augur.Platform.Database;
using Augur.Platform.Projects;
using Microsoft.EntityFrameworkCore;

namespace Augur.Platform.Recommendations;

/// <summary>
/// Aliases of recommender versions (champion, challenger…) and the one-call rollback. Editors change them, each
/// change is audited, and serving on this node follows at once (other nodes within Recommendations:ServingRefresh).
/// </summary>
public sealed partial class RecommenderAliasService(AugurDbContext db, ProjectService projects, AuditLog audit, ServedVersionCache served, TimeProvider clock)
{
    public sealed record AliasView(string Name, int Version, int? PreviousVersion, DateTime UpdatedAt);

    public async Task<IReadOnlyList<AliasView>> ListAsync(Caller caller, Guid projectId, CancellationToken cancellationToken)
    {
        await RequireAsync(caller, projectId, ProjectRole.Viewer, cancellationToken);
        return await ViewsAsync(projectId, cancellationToken);
    }

    public async Task<AliasView> SetAsync(Caller caller, Guid projectId, string alias, int version, CancellationToken cancellationToken)
    {
        await RequireAsync(caller, projectId, ProjectRole.Editor, cancellationToken);
        var name = NameOf(alias);
        var run = await db.RecommenderRuns.SingleOrDefaultAsync(r => r.ProjectId == projectId && r.Version == version, cancellationToken)
            ?? throw new PlatformValidationException("version", $"There is no recommender version {version} in this project.");
        var found = await db.RecommenderAliases.SingleOrDefaultAsync(a => a.ProjectId == projectId && a.Name == name, cancellationToken);
        if (found is null)
        {
            // A first champion remembers what was served before it (the newest version), so it can be rolled back too.
            var before = name == RecommenderAlias.Champion ? (await RecommenderVersions.ServedAsync(db, projectId, cancellationToken))?.Id : null;
            db.RecommenderAliases.Add(new RecommenderAlias(projectId, name, run.Id, before == run.Id ? null : before, caller.UserId, Now));
        }
        else
        {
            found.PointAt(run.Id, caller.UserId, Now);
        }

        await db.SaveChangesAsync(cancellationToken);
        served.Forget(projectId);
        await audit.RecordAsync(caller, "recommender.alias.set", projectId, "recommender-alias", name, $"{name} → version {version}", cancellationToken);
        return (await ViewsAsync(projectId, cancellationToken)).Single(a => a.Name == name);
    }

    public async Task RemoveAsync(Caller caller, Guid projectId, string alias, CancellationToken cancellationToken)
    {
        await RequireAsync(caller, projectId, ProjectRole.Editor, cancellationToken);
        var name = NameOf(alias);
        var found = await db.RecommenderAliases.SingleOrDefaultAsync(a => a.ProjectId == projectId && a.Name == name, cancellationToken)
            ?? throw new NotFoundException("alias", name);
        db.RecommenderAliases.Remove(found);
        await db.SaveChangesAsync(cancellationToken);
        served.Forget(projectId);
        await audit.RecordAsync(caller, "recommender.alias.remove", projectId, "recommender-alias", name, null, cancellationToken);
    }

    /// <summary>
    /// Serves the version from before the last change again: the champion goes back to where it pointed before; with
    /// no champion yet (the newest version answers) or one never moved, it points at the version before the served one.
    /// </summary>
    public async Task<AliasView> RollBackAsync(Caller caller, Guid projectId, CancellationToken cancellationToken)
    {
        await RequireAsync(caller, projectId, ProjectRole.Editor, cancellationToken);
        var from = await RecommenderVersions.ServedAsync(db, projectId, cancellationToken)
            ?? throw new PlatformValidationException("project", "This project has no recommender version yet, so there is nothing to roll back.");
        var champion = await db.RecommenderAliases.SingleOrDefaultAsync(a => a.ProjectId == projectId && a.Name == RecommenderAlias.Champion, cancellationToken);
        if (champion?.PreviousRunId is not null)
        {
            champion.RollBack(caller.UserId, Now);
        }
        else
        {
            var earlier = await db.RecommenderRuns.Where(r => r.ProjectId == projectId && r.Version != null && r.Version < from.Version)
                .OrderByDescending(r => r.Version).FirstOrDefaultAsync(cancellationToken)
                ?? throw new PlatformValidationException("project", $"Version {from.Version} is the oldest recommender version, so there is nothing to roll back to.");
            if (champion is null)
            {
                db.RecommenderAliases.Add(new RecommenderAlias(projectId, RecommenderAlias.Champion, earlier.Id, from.Id, caller.UserId, Now));
            }
            else
            {
                champion.PointAt(earlier.Id, caller.UserId, Now);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        served.Forget(projectId);
        var view = (await ViewsAsync(projectId, cancellationToken)).Single(a => a.Name == RecommenderAlias.Champion);
        await audit.RecordAsync(caller, "recommender.rollback", projectId, "recommender-alias", RecommenderAlias.Champion, $"version {from.Version} → version {view.Version}", cancellationToken);
        return view;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task RequireAsync(Caller caller, Guid projectId, ProjectRole role, CancellationToken cancellationToken) =>
        RecommenderService.RequireRecommendations((await projects.RequireAsync(caller, projectId, role, cancellationToken)).Project);

    private async Task<List<AliasView>> ViewsAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var aliases = await db.RecommenderAliases.AsNoTracking().Where(a => a.ProjectId == projectId).ToListAsync(cancellationToken);
        var versions = await db.RecommenderRuns.AsNoTracking().Where(r => r.ProjectId == projectId && r.Version != null)
            .Select(r => new { r.Id, r.Version }).ToDictionaryAsync(r => r.Id, r => r.Version!.Value, cancellationToken);
        return [.. aliases.OrderBy(a => a.Name, StringComparer.Ordinal).Select(a => new AliasView(
            a.Name, versions[a.RunId], a.PreviousRunId is { } p && versions.TryGetValue(p, out var pv) ? pv : null, a.UpdatedAt))];
    }

    private static string NameOf(string alias)
    {
        var name = alias?.Trim().ToLowerInvariant() ?? "";
        return AliasPattern().IsMatch(name)
            ? name
            : throw new PlatformValidationException("alias", "An alias is 1 to 50 lowercase letters, digits or dashes, such as 'champion' or 'challenger'.");
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,49}$")]
    private static partial Regex AliasPattern();
}
