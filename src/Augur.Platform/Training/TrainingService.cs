using System.Text.Json;
using Augur.Data;
using Augur.Data.Schema;
using Augur.Learning.Features;
using Augur.Learning.Trainers;
using Augur.Learning.Training;
using Augur.Platform.Configuration;
using Augur.Platform.Audit;
using Augur.Platform.Database;
using Augur.Platform.Datasets;
using Augur.Platform.Paging;
using Augur.Platform.Projects;
using Augur.Platform.Specs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;

namespace Augur.Platform.Training;

/// <summary>Queues training runs as Quartz jobs and reads them back. Augur writes no queue of its own.</summary>
public sealed class TrainingService(
    AugurDbContext db,
    ProjectService projects,
    ISchedulerFactory schedulers,
    TimeProvider clock,
    IOptions<AugurOptions> options,
    IOptions<TrainingOptions> training,
    AuditLog? audit = null)
{
    private static readonly TimeSpan MaxBudget = TimeSpan.FromHours(24);

    public async Task<TrainingRun> StartAsync(Caller caller, Guid projectId, StartTrainingRequest request, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Editor, cancellationToken);
        var dataset = await db.Datasets.SingleOrDefaultAsync(d => d.ProjectId == projectId && d.Id == request.DatasetId, cancellationToken)
            ?? throw new PlatformValidationException("datasetId", $"The dataset '{request.DatasetId}' is not in this project.");
        var schema = DatasetService.ReadSchema(dataset);
        (request, var asked) = Understand(request, schema);
        var target = schema.Find(request.Target ?? "")
            ?? throw new PlatformValidationException(
                "target",
                $"The column '{request.Target}' is not in the dataset '{dataset.Name}'. Its columns are: {string.Join(", ", schema.Columns.Select(c => c.Name))}.");
        var budget = request.Budget ?? options.Value.DefaultTrainingBudget;
        if (budget <= TimeSpan.Zero || budget > MaxBudget)
        {
            throw new PlatformValidationException("budget", "The time budget must be between 1 second and 24 hours.");
        }

        var parallelism = request.Parallelism ?? 1;
        if (parallelism is < 1 or > TrainingRun.MaxParallelism)
        {
            throw new PlatformValidationException("parallelism", $"Parallelism must be between 1 and {TrainingRun.MaxParallelism} workers.");
        }

        if (request.MaxTrials is < 1 or > 10_000)
        {
            throw new PlatformValidationException("maxTrials", "The trial cap must be between 1 and 10000.");
        }

        if (request.EarlyStopping is < 1 or > 10_000)
        {
            throw new PlatformValidationException("earlyStopping", "Early stopping must be a number of trials between 1 and 10000.");
        }

        if (request.Folds is < 2 or > 10)
        {
            throw new PlatformValidationException("folds", "Cross-validation takes between 2 and 10 folds.");
        }

        if (request.Costs is { AreUsable: false })
        {
            throw new PlatformValidationException("costs", "The costs of a wrong and of a missed \"yes\" must be numbers of 0 or more, and not both 0.");
        }

        var goal = ReadGoal(request.Goal);
        if (goal?.ProblemWith(request.Costs) is { } goalProblem)
        {
            throw new PlatformValidationException("goal", $"{goalProblem} Give \"costs\" with the run.");
        }

        // A goal must be on a measure the target's models report; it names the measure to rank by, unless the request names another.
        if (goal?.ProblemFor(request.Task is { } task ? [task] : TaskDetection.Possible(target.Type), target.Name) is { } notReported)
        {
            throw new PlatformValidationException("goal", notReported);
        }

        request = request with { Metric = request.Metric ?? goal?.RankingMetric };
        CheckSearchOptions(request, schema, target);
        var features = CheckFeatures(request.Features, schema, target.Name);
        var ignored = CheckIgnored(request.Ignore, schema, target.Name);
        var modelName = string.IsNullOrWhiteSpace(request.ModelName) ? ModelNameFor(target.Name) : request.ModelName.Trim();
        var run = TrainingRun.Queue(
            projectId, dataset.Id, target.Name, modelName, budget, request.Seed ?? 42, caller.UserId, clock.GetUtcNow().UtcDateTime,
            features.Count == 0 ? null : JsonSerializer.Serialize(features, AugurJson.Compact));
        run.SpreadOver(parallelism, request.MaxTrials, request.EarlyStopping);
        run.Steer(request.Task, request.Metric, request.TimeColumn, goal, request.Folds);
        run.Screen(training.Value.Halving);
        if (asked is not null)
        {
            // Said back with what the run will do: a goal or time the request gave itself wins over the sentence's.
            run.Asked(string.Join(" ", [(asked with { Target = target.Name, Goal = goal, Budget = request.Budget }).Summary(), .. asked.Notes]));
        }

        run.Ignore(ignored);
        if (request.Costs is { } priced)
        {
            run.PriceMistakes(priced);
        }

        db.TrainingRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        var waiting = await db.TrainingRuns.CountAsync(r => r.CreatedBy == caller.UserId && r.Id != run.Id && (r.Status == RunStatus.Queued || r.Status == RunStatus.Running), cancellationToken);
        await ScheduleAsync(run, cancellationToken, QueuePriority.For(request.Priority, waiting));
        if (audit is not null)
        {
            await audit.RecordAsync(caller, "run.start", projectId, "run", run.Id.ToString(), $"predict {target.Name} as model {modelName}", cancellationToken);
        }

        return run;
    }

    /// <summary>
    /// Queues the run a YAML spec asks for (<see cref="TrainingSpec"/>, as `augur train --spec` reads it), on the dataset
    /// its 'data' names: the project's newest dataset of that name or file name, or its id. A setting the run refuses is
    /// named with its line.
    /// </summary>
    /// <param name="name">What to call the spec in messages, e.g. "spec" or its file's name.</param>
    public async Task<TrainingRun> StartFromSpecAsync(Caller caller, Guid projectId, string yaml, string name, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Editor, cancellationToken);
        TrainingSpec spec;
        try
        {
            spec = TrainingSpec.Parse(yaml, name);
        }
        catch (SpecException ex)
        {
            throw new PlatformValidationException("spec", ex.Message);
        }

        if (spec.Target is null && spec.Ask is null)
        {
            throw new PlatformValidationException("target", $"{name}: say which column to predict, e.g. 'target: Churn' (or what you want in words, e.g. 'ask: predict which customers churn').");
        }

        var datasetId = await FindDatasetAsync(projectId, spec, name, cancellationToken);
        try
        {
            return await StartAsync(caller, projectId, spec.ToRequest(datasetId), cancellationToken);
        }
        catch (PlatformValidationException ex) when (spec.Lines.TryGetValue(ex.Field, out var line))
        {
            throw new PlatformValidationException(ex.Field, $"{name}, line {line}: {ex.Message}");
        }
    }

    private async Task<Guid> FindDatasetAsync(Guid projectId, TrainingSpec spec, string name, CancellationToken cancellationToken)
    {
        var datasets = db.Datasets.Where(d => d.ProjectId == projectId);
        var names = await datasets.OrderByDescending(d => d.CreatedAt).Select(d => new { d.Id, d.Name, d.SourceFileName }).ToListAsync(cancellationToken);
        if (spec.Data is not { } data)
        {
            throw new PlatformValidationException("data", $"{name}: say which dataset to train on, e.g. 'data: {names.FirstOrDefault()?.Name ?? "customers"}'.");
        }

        var id = Guid.TryParse(data, out var parsed) ? parsed : (Guid?)null;
        return names.FirstOrDefault(d => d.Name == data || d.SourceFileName == data || d.Id == id)?.Id
            ?? throw new PlatformValidationException(
                "data",
                $"{name}, line {spec.Lines["data"]}: this project has no dataset '{data}'. "
                + (names.Count == 0 ? "Upload the data first." : $"Its datasets are: {string.Join(", ", names.Select(d => d.Name).Distinct())}."));
    }

    /// <summary>
    /// A requirement in words (<see cref="StartTrainingRequest.Ask"/>) read against the dataset's columns: it gives the
    /// target, the goal and the budget that the request does not give itself. Also what was read, for the run to say back
    /// (<see cref="TrainingRun.Understood"/>).
    /// </summary>
    private static (StartTrainingRequest Request, Requirement? Asked) Understand(StartTrainingRequest request, TableSchema schema)
    {
        if (string.IsNullOrWhiteSpace(request.Ask))
        {
            return (request, null);
        }

        Requirement asked;
        try
        {
            asked = Requirement.Read(request.Ask, schema, string.IsNullOrWhiteSpace(request.Target) ? null : request.Target);
        }
        catch (FormatException ex)
        {
            throw new PlatformValidationException("ask", ex.Message);
        }

        return (request with
        {
            Target = asked.Target,
            Goal = request.Goal ?? asked.Goal?.ToString(),
            Budget = request.Budget ?? asked.Budget,
        }, asked);
    }

    private static TrainingGoal? ReadGoal(string? goal)
    {
        if (string.IsNullOrWhiteSpace(goal))
        {
            return null;
        }

        try
        {
            return TrainingGoal.Parse(goal);
        }
        catch (FormatException ex)
        {
            throw new PlatformValidationException("goal", ex.Message);
        }
    }

    /// <summary>
    /// The metric must be one the task reports (or, with the task detected later, a task the target's type can train as:
    /// no AUC for an amount); the time column must be in the data.
    /// </summary>
    private static void CheckSearchOptions(StartTrainingRequest request, TableSchema schema, ColumnSchema targetColumn)
    {
        var target = targetColumn.Name;
        if (request.Metric is { } metric)
        {
            var tasks = request.Task is { } task ? [task] : TaskDetection.Possible(targetColumn.Type);
            if (!tasks.Any(t => Evaluator.MetricsOf(t).Contains(metric, StringComparer.Ordinal)))
            {
                var known = tasks.SelectMany(Evaluator.MetricsOf).Distinct(StringComparer.Ordinal);
                throw new PlatformValidationException("metric", $"The metric '{metric}' is not one Augur ranks by{(request.Task is { } t ? $" for {t.ToString().ToLowerInvariant()} tasks" : "")}. Choose one of: {string.Join(", ", known)}.");
            }
        }

        if (request.TimeColumn is { } time && (schema.Find(time) is null || time == target))
        {
            throw new PlatformValidationException(
                "timeColumn",
                time == target
                    ? $"The time column cannot be the column to predict, '{target}'."
                    : $"The time column '{time}' is not in the dataset. Its columns are: {string.Join(", ", schema.Columns.Select(c => c.Name))}.");
        }
    }

    /// <summary>How many of a project's newest runs the project page shows.</summary>
    public const int ShownRuns = 200;

    /// <summary>The project's newest <see cref="ShownRuns"/> runs, newest first: a refresh of none shown.</summary>
    public Task<IReadOnlyList<TrainingRun>> ListAsync(Caller caller, Guid projectId, CancellationToken cancellationToken) =>
        RefreshAsync(caller, projectId, [], cancellationToken);

    private static readonly TimeSpan RefreshOverlap = TimeSpan.FromMinutes(1);

    /// <summary>
    /// <paramref name="shown"/> (a list from <see cref="ListAsync(Caller, Guid, CancellationToken)"/>, or empty) brought up to date:
    /// the runs that were not finished then are read again, and runs started since are added. A finished run never
    /// changes, so the project page, which refreshes every few seconds while a run trains, reads those few rows instead
    /// of up to 200 runs. Neither list reads the runs' leaderboards or reports (<see cref="TrainingRun.Details"/>).
    /// </summary>
    public async Task<IReadOnlyList<TrainingRun>> RefreshAsync(Caller caller, Guid projectId, IReadOnlyList<TrainingRun> shown, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shown);
        await projects.RequireAsync(caller, projectId, ProjectRole.Viewer, cancellationToken);
        var runs = db.TrainingRuns.Where(r => r.ProjectId == projectId);
        if (shown.Count > 0)
        {
            var open = shown.Where(r => !r.IsFinished).Select(r => r.Id).ToList();
            // Runs created up to a minute before the newest shown are read again: another node's clock, or a transaction
            // that committed late, can add a run that sorts just before one already shown.
            var since = shown.Max(r => r.CreatedAt) - RefreshOverlap;
            runs = runs.Where(r => open.Contains(r.Id) || r.CreatedAt >= since);
        }

        var changed = await runs.OrderByDescending(r => r.CreatedAt).Take(ShownRuns).ToListAsync(cancellationToken);
        var read = changed.Select(r => r.Id).ToHashSet();
        return [.. changed.Concat(shown.Where(r => r.ProjectId == projectId && !read.Contains(r.Id))).OrderByDescending(r => r.CreatedAt).Take(ShownRuns)];
    }

    /// <summary>One page of the project's runs, newest first.</summary>
    public async Task<Page<TrainingRun>> ListAsync(Caller caller, Guid projectId, PageRequest page, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Viewer, cancellationToken);
        return await db.TrainingRuns.Where(r => r.ProjectId == projectId)
            .OrderByDescending(r => r.CreatedAt)
            .ThenBy(r => r.Id)
            .ToPageAsync(page, cancellationToken);
    }

    public Task<TrainingRun> GetAsync(Caller caller, Guid projectId, Guid runId, CancellationToken cancellationToken) =>
        GetAsync(caller, projectId, runId, withDetails: false, cancellationToken);

    /// <param name="withDetails">Whether to read the run's leaderboard and report too (<see cref="TrainingRun.Details"/>).</param>
    public async Task<TrainingRun> GetAsync(Caller caller, Guid projectId, Guid runId, bool withDetails, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Viewer, cancellationToken);
        IQueryable<TrainingRun> runs = withDetails ? db.TrainingRuns.Include(r => r.Details) : db.TrainingRuns;
        return await runs.SingleOrDefaultAsync(r => r.ProjectId == projectId && r.Id == runId, cancellationToken)
            ?? throw new NotFoundException("run", runId);
    }

    /// <summary>
    /// A run's settings as a YAML spec (<see cref="TrainingSpec.Write"/>) that queues the same run again, through the API
    /// or `augur train --spec`; 'data' is the file the dataset came from (beside the spec, for the CLI).
    /// </summary>
    public async Task<string> SpecAsync(Caller caller, Guid projectId, Guid runId, CancellationToken cancellationToken)
    {
        var run = await GetAsync(caller, projectId, runId, withDetails: false, cancellationToken);
        // The file the dataset came from: the CLI finds it beside the spec, and the API finds the newest dataset from it.
        var source = await db.Datasets.Where(d => d.Id == run.DatasetId).Select(d => d.SourceFileName).SingleOrDefaultAsync(cancellationToken);
        return TrainingSpec.Write(run, string.IsNullOrEmpty(source) ? run.DatasetId.ToString() : source);
    }

    /// <summary>
    /// A run's status and its report (null until it has succeeded, or for runs from before reports were kept), without
    /// its leaderboard: the dashboard's "what the model learned" and the API's <c>/report</c>.
    /// </summary>
    public async Task<(RunStatus Status, Augur.Learning.Training.TrainingReport? Report)> ReportAsync(Caller caller, Guid projectId, Guid runId, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Viewer, cancellationToken);
        var run = await db.TrainingRuns.Where(r => r.ProjectId == projectId && r.Id == runId)
            .Select(r => new { r.Status, r.Details!.ReportJson })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("run", runId);
        return (run.Status, Augur.Learning.Training.TrainingReport.Read(run.ReportJson));
    }

    /// <summary>
    /// Asks the run to stop. A queued run is cancelled at once; a running one is marked, and every worker on it (on any
    /// node) sees the mark within a second, stops its trial, and the run ends as cancelled.
    /// </summary>
    public async Task<TrainingRun> CancelAsync(Caller caller, Guid projectId, Guid runId, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Editor, cancellationToken);
        var run = await db.TrainingRuns.SingleOrDefaultAsync(r => r.ProjectId == projectId && r.Id == runId, cancellationToken)
            ?? throw new NotFoundException("run", runId);
        if (run.IsFinished)
        {
            throw new PlatformValidationException("status", $"The run is already {run.Status.ToString().ToLowerInvariant()}; there is nothing to cancel.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        run.RequestCancel(now);
        if (run.Status == RunStatus.Queued)
        {
            run.Cancel(now, "Cancelled before it started.");
        }

        await db.SaveChangesAsync(cancellationToken);
        if (audit is not null)
        {
            await audit.RecordAsync(caller, "run.cancel", projectId, "run", run.Id.ToString(), $"cancel the run of model {run.ModelName}", cancellationToken);
        }

        return run;
    }

    /// <summary>Schedules a run's jobs: one that trains it, or <see cref="TrainingRun.Parallelism"/> study workers.</summary>
    public async Task ScheduleAsync(TrainingRun run, CancellationToken cancellationToken, int priority = QueuePriority.Default)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Parallelism <= 1)
        {
            await ScheduleAsync(run.Id, cancellationToken, priority);
            return;
        }

        var scheduler = await schedulers.GetScheduler(cancellationToken);
        for (var slot = 1; slot <= run.Parallelism; slot++)
        {
            await ScheduleStudyWorkerAsync(scheduler, run.Id, slot, priority, cancellationToken);
        }
    }

    /// <summary>Schedules study worker <paramref name="slot"/> of a run; it requests recovery, like the one-job run.</summary>
    internal static async Task ScheduleStudyWorkerAsync(IScheduler scheduler, Guid runId, int slot, int priority, CancellationToken cancellationToken)
    {
        var job = JobBuilder.Create<StudyWorkerJob>()
            .WithIdentity(StudyWorkerJob.KeyFor(runId, slot))
            .UsingJobData(StudyWorkerJob.RunIdKey, runId.ToString())
            .UsingJobData(StudyWorkerJob.SlotKey, slot)
            .RequestRecovery()
            .Build();
        var trigger = TriggerBuilder.Create().ForJob(job).StartNow().WithPriority(priority).Build();
        await scheduler.ScheduleJob(job, [trigger], new ScheduleJobOptions { Replace = true }, cancellationToken);
    }

    /// <summary>
    /// Schedules the job that trains a run. The job requests recovery, so if the node dies mid-run Quartz fires it
    /// again when the scheduler comes back (or on another node when clustered).
    /// </summary>
    public async Task ScheduleAsync(Guid runId, CancellationToken cancellationToken, int priority = QueuePriority.Default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var job = JobBuilder.Create<TrainModelJob>()
            .WithIdentity(TrainModelJob.KeyFor(runId))
            .UsingJobData(TrainModelJob.RunIdKey, runId.ToString())
            .RequestRecovery()
            .Build();
        var trigger = TriggerBuilder.Create().ForJob(job).StartNow().WithPriority(priority).Build();
        await scheduler.ScheduleJob(job, [trigger], new ScheduleJobOptions { Replace = true }, cancellationToken);
    }

    /// <summary>
    /// Checks custom features before the run is queued (names, syntax, the columns they read), so a typo is a 400 that
    /// names the feature and the column, not a failed run later.
    /// </summary>
    private static List<CustomFeature> CheckFeatures(IReadOnlyDictionary<string, string>? requested, TableSchema schema, string target)
    {
        List<CustomFeature> features = [.. (requested ?? new Dictionary<string, string>()).Select(f => new CustomFeature(f.Key, f.Value))];
        try
        {
            CustomFeature.Validate(features, schema, target);
        }
        catch (TrainingException ex)
        {
            throw new PlatformValidationException("features", ex.Message);
        }

        return features;
    }

    /// <summary>The columns to leave out, each once, each a column of the dataset other than the target.</summary>
    private static List<string> CheckIgnored(IReadOnlyList<string>? requested, TableSchema schema, string target)
    {
        List<string> ignored = [.. (requested ?? []).Select(name => name?.Trim() ?? "").Distinct(StringComparer.Ordinal)];
        if (ignored.FirstOrDefault(name => schema.Find(name) is null) is { } unknown)
        {
            throw new PlatformValidationException(
                "ignore", $"There is no column '{unknown}' to leave out. The columns are: {string.Join(", ", schema.Columns.Select(c => c.Name))}.");
        }

        return ignored.Contains(target, StringComparer.Ordinal)
            ? throw new PlatformValidationException("ignore", $"'{target}' is the column to predict, so it cannot be left out.")
            : ignored;
    }

    /// <summary>"Churn" becomes "churn"; "Monthly Revenue" becomes "monthly-revenue". Letters of any alphabet stay.</summary>
    public static string ModelNameFor(string target)
    {
        var chars = target.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray();
        var slug = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return slug.Length == 0 ? "model" : slug;
    }
}
