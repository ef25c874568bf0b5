using System.Diagnostics;
using Augur.Platform.Database;
using Augur.Platform.Projects;
using Augur.Platform.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Augur.Platform.Recommendations;

/// <summary>
/// Precomputes the top k of every active customer for the current version of each recommendations project, into
/// one compact file per run of the batch. Safe to repeat: each run writes a new file and then points the version at it.
/// </summary>
public sealed class RecommendationBatch(
    AugurDbContext db,
    IArtifactStore store,
    RecommenderCache cache,
    ServedVersionCache served,
    TimeProvider clock,
    IOptions<RecommendationsOptions> options,
    ILogger<RecommendationBatch> logger)
{
    public sealed record Outcome(Guid ProjectId, int Version, int ActiveUsers, double Seconds);

    /// <summary>Every recommendations project, or only <paramref name="projectId"/>.</summary>
    public async Task<IReadOnlyList<Outcome>> RunAsync(Guid? projectId, CancellationToken cancellationToken)
    {
        var ids = await db.Projects.Where(p => p.Kind == ProjectKind.Recommendations && (projectId == null || p.Id == projectId)).Select(p => p.Id).ToListAsync(cancellationToken);
        var outcomes = new List<Outcome>();
        foreach (var id in ids)
        {
            var servedRun = await RecommenderVersions.ServedAsync(db, id, cancellationToken);
            var run = servedRun is null ? null : await db.RecommenderRuns.SingleAsync(r => r.Id == servedRun.Id, cancellationToken);
            if (run is not null)
            {
                outcomes.Add(await PrecomputeAsync(run, cancellationToken));
            }
        }

        return outcomes;
    }

    private async Task<Outcome> PrecomputeAsync(RecommenderRun run, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var loaded = await cache.GetAsync(run, cancellationToken);
        var train = loaded.Model.Train;
        var k = Math.Min(options.Value.BatchK, train.ItemCount);
        var activeSince = train.MaxTime - (long)options.Value.ActiveWithin.TotalSeconds;
        var items = new int[train.UserCount][];
        var scores = new float[train.UserCount][];
        var active = 0;
        Parallel.For(0, train.UserCount, new ParallelOptions { CancellationToken = cancellationToken }, user =>
        {
            var times = train.TimesOf(user);
            var last = 0L;
            foreach (var t in times)
            {
                last = Math.Max(last, t);
            }

            // Logs without time (MaxTime 0) count every customer as active.
            if (train.MaxTime > 0 && last < activeSince)
            {
                items[user] = [];
                scores[user] = [];
                return;
            }

            var top = RecommendationService.TopFor(loaded, user, k, excludePurchased: true);
            items[user] = [.. top.Select(s => s.Item)];
            scores[user] = [.. top.Select(s => s.Score)];
            Interlocked.Increment(ref active);
        });

        var now = clock.GetUtcNow().UtcDateTime;
        var key = $"{TrainRecommenderJob.FolderOf(run)}/top-k-{now:yyyyMMddHHmmss}-{Guid.NewGuid():N}.bin";
        using (var buffer = new MemoryStream())
        {
            await UserLists.WriteAsync(new UserLists(items, scores), buffer, cancellationToken);
            buffer.Position = 0;
            await store.WriteAsync(key, buffer, cancellationToken);
        }

        var previous = run.BatchKey;
        run.RecordBatch(key, now, active, watch.Elapsed.TotalSeconds);
        await db.SaveChangesAsync(cancellationToken);
        // Serving on this node picks up the new lists at once (other nodes within Recommendations:ServingRefresh).
        served.Forget(run.ProjectId);
        if (previous is not null && previous != key && store.Exists(previous))
        {
            store.Delete(previous);
        }

        logger.LogInformation("Precomputed the top {K} of {Active} active customers for project {ProjectId} version {Version} in {Seconds:0.0} s", k, active, run.ProjectId, run.Version, watch.Elapsed.TotalSeconds);
        return new Outcome(run.ProjectId, run.Version!.Value, active, watch.Elapsed.TotalSeconds);
    }
}
