using Augur.Learning.Trainers;
using Augur.Learning.Training;
using Augur.Platform.Database;
using Augur.Platform.Paging;
using Augur.Platform.Projects;
using Augur.Platform.Training;
using Microsoft.EntityFrameworkCore;

namespace Augur.Platform.Experiments;

/// <summary>
/// Reads the trials of runs: one run's trials, the project's leaderboard across runs, and runs side by side. Every
/// list is paged and sorted in the database through an index (see AugurDbContext), so a project with ten thousand
/// trials answers as fast as one with ten (bench/Tracking).
/// </summary>
public sealed class ExperimentService(AugurDbContext db, ProjectService projects)
{
    public const int MinCompared = 2;

    public const int MaxCompared = 5;

    public async Task<Page<Trial>> ListTrialsAsync(Caller caller, Guid projectId, Guid runId, TrialQuery query, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        // Authorise first: a stranger learns nothing, not even that their query was malformed.
        await projects.RequireAsync(caller, projectId, ProjectRole.Viewer, cancellationToken);
        query.Validate();
        var run = await db.TrainingRuns.Where(r => r.ProjectId == projectId && r.Id == runId).Select(r => new { r.Metric }).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("run", runId);
        var metric = query.Metric ?? run.Metric ?? await LatestMetricAsync(db.Trials.Where(t => t.RunId == runId), cancellationToken);
        var trials = Filter(db.Trials.Where(t => t.RunId == runId), query);
        if ((query.SortOrDefault == "score" && metric is not null) || query.Min is not null || query.Max is not null)
        {
            if (metric is null)
            {
                throw new PlatformValidationException("metric", "Name the metric to sort or filter by: this run has no scored trials yet.");
            }

            // Scored ids come from the narrow metric rows through (RunId, Key, Value, TrialId); the trials without the
            // metric (failed ones) follow by number, unless a bound is set. They are read only when the page reaches them.
            var values = FilterValues(db.TrialMetrics.Where(m => m.RunId == runId && m.Key == metric), query);
            var ordered = OrderValues(Bound(values, query), query, metric);
            if (query.Min is not null || query.Max is not null)
            {
                return await PageAsync(ordered, page, cancellationToken);
            }

            var unscored = trials.Where(t => !db.TrialMetrics.Any(m => m.TrialId == t.Id && m.Key == metric)).OrderBy(t => t.Number).Select(t => t.Id);
            return await PageAsync(ordered, page, cancellationToken, unscored, trials);
        }

        return await PageAsync(SortByColumn(trials, query).Select(t => t.Id), page, cancellationToken);
    }

    /// <summary>The kinds of model a run tried, for a filter list.</summary>
    public async Task<IReadOnlyList<string>> TrainersAsync(Caller caller, Guid projectId, Guid runId, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Viewer, cancellationToken);
        return await db.Trials.Where(t => t.ProjectId == projectId && t.RunId == runId).Select(t => t.Trainer).Distinct().OrderBy(t => t).ToListAsync(cancellationToken);
    }

    /// <summary>The best trials of the project across all its runs by one metric (by default the latest trial's).</summary>
    public async Task<Page<Trial>> LeaderboardAsync(Caller caller, Guid projectId, TrialQuery query, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        // Authorise first: a stranger learns nothing, not even that their query was malformed.
        await projects.RequireAsync(caller, projectId, ProjectRole.Viewer, cancellationToken);
        query.Validate();
        var metric = query.Metric ?? await LatestMetricAsync(db.Trials.Where(t => t.ProjectId == projectId), cancellationToken);
        if (metric is null)
        {
            return new Page<Trial>([], 0, page.SafeOffset, page.SafeLimit);
        }

        // Metric rows carry the trainer and status, so every filter here reads the narrow rows of one index range.
        var values = Bound(FilterValues(db.TrialMetrics.Where(m => m.ProjectId == projectId && m.Key == metric), query), query);
        if (query.SortOrDefault == "score")
        {
            return await PageAsync(OrderValues(values, query, metric), page, cancellationToken);
        }

        var matching = values.Select(m => m.TrialId);
        return await PageAsync(SortByColumn(db.Trials.Where(t => matching.Contains(t.Id)), query).Select(t => t.Id), page, cancellationToken);
    }

    /// <summary>
    /// Pages in two steps: sort and slice the narrow ids (index-only where the indexes allow), then load only those
    /// trials. Sorting whole rows, with their JSON, is what made a first version slow at 10,000 trials.
    /// </summary>
    /// <remarks>
    /// <paramref name="then"/>, when given, is a second ordered list shown after the first (the unscored trials);
    /// <paramref name="all"/> counts both lists together, so <paramref name="then"/> is read only for pages that reach it.
    /// </remarks>
    private async Task<Page<Trial>> PageAsync(IQueryable<Guid> orderedIds, PageRequest page, CancellationToken cancellationToken, IQueryable<Guid>? then = null, IQueryable<Trial>? all = null)
    {
        var (offset, limit) = (page.SafeOffset, page.SafeLimit);
        var first = await orderedIds.CountAsync(cancellationToken);
        var total = all is null ? first : await all.CountAsync(cancellationToken);
        var ids = offset < first ? await orderedIds.Skip(offset).Take(limit).ToListAsync(cancellationToken) : [];
        if (then is not null && ids.Count < limit && offset + ids.Count < total)
        {
            ids.AddRange(await then.Skip(Math.Max(0, offset - first)).Take(limit - ids.Count).ToListAsync(cancellationToken));
        }

        var trials = await db.Trials.Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);
        return new Page<Trial>([.. ids.Select(id => trials[id])], total, offset, limit);
    }

    public async Task<IReadOnlyList<RunComparison>> CompareAsync(Caller caller, Guid projectId, IReadOnlyList<Guid> runIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runIds);
        await projects.RequireAsync(caller, projectId, ProjectRole.Viewer, cancellationToken);
        var ids = runIds.Distinct().ToList();
        if (ids.Count is < MinCompared or > MaxCompared)
        {
            throw new PlatformValidationException("runIds", $"Compare between {MinCompared} and {MaxCompared} different runs; {ids.Count} were given.");
        }

        var runs = await db.TrainingRuns.Where(r => r.ProjectId == projectId && ids.Contains(r.Id)).ToListAsync(cancellationToken);
        if (ids.Find(id => runs.TrueForAll(r => r.Id != id)) is var missing && missing != Guid.Empty)
        {
            throw new NotFoundException("run", missing);
        }

        var counts = await db.Trials.Where(t => ids.Contains(t.RunId))
            .GroupBy(t => new { t.RunId, t.Status })
            .Select(g => new { g.Key.RunId, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var result = new List<RunComparison>(ids.Count);
        foreach (var run in ids.Select(id => runs.Single(r => r.Id == id)))
        {
            int Count(TrialStatus? status) => counts.Where(c => c.RunId == run.Id && (status is null || c.Status == status)).Sum(c => c.Count);
            var best = await BestTrialAsync(run.Id, run.Metric, cancellationToken);
            result.Add(new RunComparison(run, Count(null), Count(TrialStatus.Succeeded), Count(TrialStatus.Failed), Count(TrialStatus.Cancelled), best));
        }

        return result;
    }

    private async Task<Trial?> BestTrialAsync(Guid runId, string? metric, CancellationToken cancellationToken)
    {
        // A screening trial's score is on a sample of the rows: it is not comparable, and never the model.
        var scored = db.Trials.Where(t => t.RunId == runId && t.Score != null && t.DataFraction >= 1);
        if (metric is not null)
        {
            scored = scored.Where(t => t.Metric == metric);
        }

        metric ??= await LatestMetricAsync(scored, cancellationToken);
        var ordered = metric is not null && Evaluator.IsMaximised(metric) ? scored.OrderByDescending(t => t.Score) : scored.OrderBy(t => t.Score);
        return await ordered.ThenBy(t => t.Number).FirstOrDefaultAsync(cancellationToken);
    }

    private static async Task<string?> LatestMetricAsync(IQueryable<Trial> trials, CancellationToken cancellationToken) =>
        await trials.Where(t => t.Metric != null).OrderByDescending(t => t.RecordedAt).Select(t => t.Metric).FirstOrDefaultAsync(cancellationToken);

    private static IQueryable<Trial> Filter(IQueryable<Trial> trials, TrialQuery query)
    {
        if (!string.IsNullOrWhiteSpace(query.Trainer))
        {
            var trainer = query.Trainer.Trim();
            trials = trials.Where(t => t.Trainer == trainer);
        }

        if (query.Status is { } status)
        {
            trials = trials.Where(t => t.Status == status);
        }

        return trials;
    }

    private static IQueryable<TrialMetric> FilterValues(IQueryable<TrialMetric> values, TrialQuery query)
    {
        if (!string.IsNullOrWhiteSpace(query.Trainer))
        {
            var trainer = query.Trainer.Trim();
            values = values.Where(m => m.Trainer == trainer);
        }

        if (query.Status is { } status)
        {
            values = values.Where(m => m.Status == status);
        }

        return values;
    }

    private static IQueryable<TrialMetric> Bound(IQueryable<TrialMetric> values, TrialQuery query)
    {
        if (query.Min is { } min)
        {
            values = values.Where(m => m.Value >= min);
        }

        if (query.Max is { } max)
        {
            values = values.Where(m => m.Value <= max);
        }

        return values;
    }

    /// <summary>Metric values best first (or in the asked order), ties by trial id: an ordered scan of one index.</summary>
    private static IQueryable<Guid> OrderValues(IQueryable<TrialMetric> values, TrialQuery query, string metric)
    {
        var descending = query.Order is { } order ? order == "desc" : Evaluator.IsMaximised(metric);
        var sorted = descending ? values.OrderByDescending(m => m.Value).ThenBy(m => m.TrialId) : values.OrderBy(m => m.Value).ThenBy(m => m.TrialId);
        return sorted.Select(m => m.TrialId);
    }

    private static IQueryable<Trial> SortByColumn(IQueryable<Trial> trials, TrialQuery query)
    {
        var descending = query.Order == "desc";
        IOrderedQueryable<Trial> sorted = query.SortOrDefault switch
        {
            "duration" => descending ? trials.OrderByDescending(t => t.DurationSeconds) : trials.OrderBy(t => t.DurationSeconds),
            "started" => descending ? trials.OrderByDescending(t => t.StartedAt) : trials.OrderBy(t => t.StartedAt),
            _ => descending ? trials.OrderByDescending(t => t.Number) : trials.OrderBy(t => t.Number),
        };
        return sorted.ThenBy(t => t.RunId).ThenBy(t => t.Number);
    }
}
