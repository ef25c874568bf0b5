using Augur.Learning.Features;
using Augur.Learning.Search;
using Augur.Learning.Trainers;

namespace Augur.Learning.Training;

/// <summary>
/// The seam for a study whose trials run on many workers (the platform keeps the study in its database, as Optuna's
/// RDB storage does): propose the next trial from the stored observations, run one given trial, and finalise the
/// study from its best trials. A trial runs through <see cref="OneTrialRunner"/> (the data prepared as
/// <see cref="AutoTrainer"/> prepares it, one setting cross-validated) or the runner <c>runners</c> gives; finalising
/// goes through <see cref="AutoTrainer"/> with a <see cref="FixedTuner"/>, so features, validation, ensembles and
/// bundles stay exactly those of a one-worker run.
/// </summary>
public sealed class StudyTrainer(TimeProvider clock, ITunerFactory? tuners = null, ITrialRunnerFactory? runners = null)
{
    /// <summary>
    /// Share of the budget a study keeps back from proposing trials, for finalising (the finalists validated again, then
    /// refitted). Flat, unlike a one-worker run's <see cref="RefitReserve"/>: the trials' durations are spread over workers'
    /// rows, and finalising also validates the finalists again.
    /// </summary>
    public const double FinaliseShare = 0.15;

    private readonly ITunerFactory _tuners = tuners ?? new CostFrugalTunerFactory();
    private readonly ITrialRunnerFactory _runners = runners ?? OneTrialRunner.InProcess;

    /// <summary>
    /// The task the data calls for (the same decision as <see cref="AutoTrainer"/>'s) and the rows it trains on, which
    /// fix the search space.
    /// </summary>
    public static async Task<StudyTask> DetectTaskAsync(TrainingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var target = request.Schema.Find(request.Target)
            ?? throw new TrainingException($"The column '{request.Target}' was not found. Columns are: {string.Join(", ", request.Schema.Columns.Select(c => c.Name))}.");
        var rows = await TrainingData.ReadAsync(request.DataPath, cancellationToken).ConfigureAwait(false);
        var labels = new HashSet<string>(StringComparer.Ordinal);
        var labelled = 0;
        foreach (var row in rows)
        {
            row.TryGetPropertyValue(target.Name, out var node);
            if (!FieldReader.IsMissing(node) && FieldReader.TryReadLabel(target.Type, node!, out var label))
            {
                labels.Add(label);
                labelled++;
            }
        }

        return new StudyTask(TaskDetection.Detect(target, labels.Count, request.Task).Task, labelled);
    }

    /// <summary>
    /// Rebuilds the tuner by replaying <paramref name="finished"/> (in trial-number order), tells it which trials are
    /// still <paramref name="running"/> on other workers, and proposes trial <paramref name="number"/>. The tuner's
    /// state is a pure function of what it was told, so every worker that replays the same stored trials proposes the
    /// same thing, and not what another worker is running.
    /// </summary>
    /// <param name="rows">The rows the study trains on (<see cref="StudyTask.Rows"/>), as a one-worker run passes them, so
    /// that e.g. a multiclass study above 10,000 rows is not offered extra trees; 0 when unknown (the small-data space).</param>
    /// <param name="halving">The study's successive halving (<see cref="HalvingFor"/>), or null to run every trial on all
    /// rows. With it, a configuration that earned it runs again on more rows (<see cref="AsyncHalving"/>) before the
    /// tuner is asked for a new one, which is screened on the smallest share.</param>
    public TrialSettings Propose(
        TaskKind task, int seed, IReadOnlyList<TrialObservation> finished, int number, int rows = 0, IReadOnlyList<TrialSettings>? running = null, SuccessiveHalving? halving = null)
    {
        ArgumentNullException.ThrowIfNull(finished);
        running ??= [];
        var ladder = halving is null ? null : new AsyncHalving(halving);
        if (ladder?.Promotion(finished, running, number) is { } promotion)
        {
            return promotion;
        }

        var tuner = _tuners.Create(task, TrainerCatalog.SearchSpace(task, rows), seed);
        foreach (var observation in (ladder is null ? finished : ladder.ForTuner(finished)).OrderBy(o => o.Settings.Number))
        {
            tuner.Update(observation);
        }

        // A configuration running again on more rows is already known to the tuner, from its screening.
        foreach (var settings in running.Where(s => s.FirstTrial is null).OrderBy(s => s.Number))
        {
            tuner.Pending(settings);
        }

        if (ladder is null)
        {
            return tuner.Propose(number);
        }

        // The tuner numbers configurations, not trials (its first proposals are each trainer's defaults), as on one worker.
        var proposal = tuner.Propose(AsyncHalving.Configurations(finished, running) + 1);
        return proposal with { Number = number, DataFraction = halving!.Fractions[0] };
    }

    /// <summary>The successive halving a study of <paramref name="task"/> uses: as a one-worker run on as many rows would.</summary>
    public static SuccessiveHalving? HalvingFor(TrainingRequest request, StudyTask task)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(task);
        return SuccessiveHalving.For(request.Halving, task.Rows);
    }

    /// <summary>
    /// Runs one trial through the light one-trial seam (<see cref="OneTrialRunner"/>, or the runner the factory gives,
    /// e.g. a child process) and returns what it measured; a trial that fails is returned as failed, not thrown.
    /// </summary>
    /// <param name="modelsPath">Where the trial's models go, for the worker that finalises the study (see
    /// <see cref="ITrialArchive"/>); null to keep none.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<StudyTrialRun> RunTrialAsync(TrainingRequest request, TrialSettings settings, string? modelsPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(settings);
        var started = clock.GetTimestamp();
        var startedAt = clock.GetUtcNow();
        var resources = TrialResources.Start();
        try
        {
            var (run, saved) = await _runners.CreateArchiving(request).RunAsync(settings, modelsPath, cancellationToken).ConfigureAwait(false);
            var result = new TrialResult(settings.Number, settings.Trainer, settings.ParameterText(), run.Metrics, clock.GetElapsedTime(started), TrialStatus.Succeeded)
            {
                FoldMetrics = run.FoldMetrics,
                StartedAt = startedAt,
                Resources = resources.Stop(),
                DataFraction = settings.DataFraction,
                TrainingRows = run.TrainingRows,
            };
            return new StudyTrialRun(result, run.Metric) { Run = run, ModelsSaved = saved };
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && !cancellationToken.IsCancellationRequested)
        {
            // The trial failed (or the data cannot be trained on): data, not a crash of the study.
            var result = new TrialResult(settings.Number, settings.Trainer, settings.ParameterText(), new Dictionary<string, double>(), clock.GetElapsedTime(started), TrialStatus.Failed, ex.Message)
            {
                StartedAt = startedAt,
                DataFraction = settings.DataFraction,
            };
            return new StudyTrialRun(result, null);
        }
    }

    /// <summary>
    /// Builds the study's model from its best trials (best first): they are read from <paramref name="archive"/> (or
    /// validated again when it does not hold them), combined when an ensemble validates better, refitted on all rows and
    /// packaged, as at the end of <see cref="AutoTrainer.TrainAsync"/>.
    /// </summary>
    /// <param name="request">The study's request, with <see cref="TrainingRequest.Budget"/> the time it has left.</param>
    /// <param name="stoppedEarly">Whether the study ended by early stopping: the finalists' own search never does.</param>
    /// <param name="archive">The trials the study's workers stored (<see cref="RunTrialAsync"/>'s models path), if any.</param>
    /// <exception cref="TrainingException">No trial succeeded, or none could be trained again.</exception>
    public async Task<TrainingOutcome> FinaliseAsync(TrainingRequest request, IReadOnlyList<TrialSettings> best, bool stoppedEarly, ITrialArchive? archive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(best);
        if (best.Count == 0)
        {
            throw new TrainingException("No trial of this study succeeded, so there is no model to build.");
        }

        // The same candidates as a one-worker run's ensemble draws from, best first, within the request's budget (the
        // time the study has left): the best is always taken, the others while the time lasts, leaving room for the refit.
        // Stored trials take no time, so then all of it goes to the refits, as in a one-worker run.
        // A finalist runs on all rows: a study that ended before any configuration got there gives its best screened one.
        var finalists = TrialSearch.Candidates([.. best.Select(s => s.IsFullData ? s : s with { DataFraction = 1 })], s => s.Trainer);
        var outcome = await new AutoTrainer(clock, new FixedTuner(finalists)) { PastTrials = archive }
            .TrainAsync(request with { MaxTrials = finalists.Count, Halving = HalvingMode.Off, EarlyStopping = null }, null, cancellationToken)
            .ConfigureAwait(false);
        outcome.Bundle.Report = outcome.Bundle.Report! with { StoppedEarly = stoppedEarly };
        return outcome with { StoppedEarly = stoppedEarly };
    }
}

/// <summary>
/// A study trial's result and ranking metric; on success, also its run (with the out-of-fold predictions an ensemble
/// needs) and whether its models were written to the path the trial was given.
/// </summary>
public sealed record StudyTrialRun(TrialResult Trial, string? Metric)
{
    public TrialRun? Run { get; init; }

    public bool ModelsSaved { get; init; }
}
