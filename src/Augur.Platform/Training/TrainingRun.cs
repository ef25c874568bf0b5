namespace Augur.Platform.Training;

/// <summary>
/// One training run: a job that searches models for a dataset and target within a budget. State changes are
/// methods that refuse illegal transitions (DESIGN.md, convention 9).
/// </summary>
public sealed class TrainingRun
{
    /// <summary>A run that was started this many times without finishing is failed instead of retried again.</summary>
    public const int MaxAttempts = 3;

    /// <summary>
    /// How many trials the run's own leaderboard keeps. A blob of every trial made each list of runs slower as
    /// searches grew (MLflow's UI broke that way); the full, paged list comes from ExperimentService.
    /// </summary>
    public const int LeaderboardLimit = 100;

    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid ProjectId { get; private set; }

    public Guid DatasetId { get; private set; }

    public string Target { get; private set; } = "";

    public string ModelName { get; private set; } = "";

    public TimeSpan Budget { get; private set; }

    public int Seed { get; private set; }

    /// <summary>The custom features (a JSON list of name and expression), or null for none.</summary>
    public string? FeaturesJson { get; private set; }

    /// <summary>The run's custom features (name and expression), read from <see cref="FeaturesJson"/>.</summary>
    public IReadOnlyList<Augur.Learning.Features.CustomFeature> CustomFeatures() =>
        FeaturesJson is null ? [] : System.Text.Json.JsonSerializer.Deserialize<List<Augur.Learning.Features.CustomFeature>>(FeaturesJson, Augur.Data.AugurJson.Compact) ?? [];

    /// <summary>Folds of cross-validation the run was given (2 to 10), or null to let the search choose.</summary>
    public int? Folds { get; private set; }

    /// <summary>The columns the run must not learn from (a JSON list of names), or null for none.</summary>
    public string? IgnoredJson { get; private set; }

    /// <summary>The columns the run must not learn from, read from <see cref="IgnoredJson"/>, in the order they were given.</summary>
    public IReadOnlyList<string> IgnoredColumns() => ReadIgnored(IgnoredJson);

    /// <summary>Columns left out, from a stored <see cref="IgnoredJson"/> (for queries that read the column alone).</summary>
    public static IReadOnlyList<string> ReadIgnored(string? json) =>
        json is null ? [] : System.Text.Json.JsonSerializer.Deserialize<List<string>>(json, Augur.Data.AugurJson.Compact) ?? [];

    /// <summary>The dataset's schema as this run trains on it: the columns it must not learn from are marked ignored.</summary>
    public Augur.Data.Schema.TableSchema SchemaFor(Augur.Data.Schema.TableSchema dataset) => dataset.Ignoring(IgnoredColumns());

    /// <summary>
    /// Successive halving as the node that queued the run was set (Training:Halving), so that every worker of a study
    /// screens the same way; null for runs queued before it was stored, whose workers use their own setting.
    /// </summary>
    public Augur.Learning.Training.HalvingMode? Halving { get; private set; }

    /// <summary>What the run was asked in words ("ask"), as Augur understood it, with what it could not use; null when nothing was asked.</summary>
    public string? Understood { get; private set; }

    /// <summary>
    /// What the learning engine is asked for this run, on the clean table at <paramref name="dataPath"/>: the columns the run
    /// leaves out are ignored in <paramref name="datasetSchema"/>, and its settings carried over. Each job adds what it
    /// decides itself (the budget a study worker works to; caps that only a single worker applies).
    /// </summary>
    /// <param name="fallbackHalving">For runs queued before <see cref="Halving"/> was stored: the worker's own setting.</param>
    public Augur.Learning.Training.TrainingRequest ToTrainingRequest(string dataPath, Augur.Data.Schema.TableSchema datasetSchema, Augur.Learning.Training.HalvingMode fallbackHalving) =>
        new(dataPath, SchemaFor(datasetSchema), Target)
        {
            Budget = Budget,
            Seed = Seed,
            Features = CustomFeatures(),
            Costs = Costs(),
            Task = RequestedTask,
            Metric = RequestedMetric,
            TimeColumn = TimeColumn,
            Folds = Folds,
            Halving = Halving ?? fallbackHalving,
        };

    public RunStatus Status { get; private set; }

    /// <summary>Why a run failed or was cancelled, written for a person.</summary>
    public string? Reason { get; private set; }

    public int Attempts { get; private set; }

    public string? Task { get; private set; }

    public string? Trainer { get; private set; }

    public string? Metric { get; private set; }

    public double? MetricValue { get; private set; }

    public string? MetricsJson { get; private set; }

    /// <summary>The winning trial's hyperparameters.</summary>
    public string? ParametersJson { get; private set; }

    public int TrialsDone { get; private set; }

    /// <summary>
    /// The run's leaderboard and report; null unless read with the run (<c>Include(r => r.Details)</c>), since lists of
    /// runs need neither. A queued run has them, empty.
    /// </summary>
    public TrainingRunDetails? Details { get; private set; }

    public string? BundleKey { get; private set; }

    public Guid CreatedBy { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime? StartedAt { get; private set; }

    public DateTime? FinishedAt { get; private set; }

    /// <summary>How many workers share the run's trials (1: one job runs the whole search in one process).</summary>
    public int Parallelism { get; private set; } = 1;

    /// <summary>An optional cap on the number of trials, besides the time budget.</summary>
    public int? MaxTrials { get; private set; }

    /// <summary>
    /// Early stopping: the search ends once this many trials in a row have found no better model (see
    /// <see cref="Augur.Learning.Training.TrainingRequest.EarlyStopping"/>); null searches until the budget or the cap.
    /// </summary>
    public int? EarlyStopping { get; private set; }

    /// <summary>The task asked for instead of detecting it from the target (binary, multiclass or regression); null detects it.</summary>
    public Augur.Learning.Training.TaskKind? RequestedTask { get; private set; }

    /// <summary>The metric asked for to rank trials by (e.g. "prAuc"); null uses the task's usual one.</summary>
    public string? RequestedMetric { get; private set; }

    /// <summary>A column to validate on the latest rows by, instead of cross-validation; null for none.</summary>
    public string? TimeColumn { get; private set; }

    /// <summary>What the model should reach, as written back by <see cref="Augur.Learning.Training.TrainingGoal"/> (e.g. "auc > 0.85"); null for none.</summary>
    public string? Goal { get; private set; }

    /// <summary>Once the run succeeded with a <see cref="Goal"/>: whether its model meets it; null when it has none or the model does not report its measure.</summary>
    public bool? GoalMet { get; private set; }

    /// <summary>What a wrong "yes" costs, for a yes/no target (see <see cref="Costs"/>); null when no costs were given.</summary>
    public double? FalsePositiveCost { get; private set; }

    /// <summary>What a missed "yes" costs, for a yes/no target (see <see cref="Costs"/>); null when no costs were given.</summary>
    public double? FalseNegativeCost { get; private set; }

    /// <summary>
    /// The costs of wrong answers the model's yes/no cut minimises (instead of maximising F1), or null; see
    /// <see cref="Augur.Learning.Training.TrainingRequest.Costs"/>.
    /// </summary>
    public Augur.Learning.Training.BinaryCosts? Costs() =>
        FalsePositiveCost is { } falsePositive && FalseNegativeCost is { } falseNegative ? new(falsePositive, falseNegative) : null;

    /// <summary>Whether the run finished before its budget because its search had stopped finding better models (<see cref="EarlyStopping"/>).</summary>
    public bool StoppedEarly { get; private set; }

    /// <summary>When someone asked to stop the run; every worker on it checks this about once a second.</summary>
    public DateTime? CancelRequestedAt { get; private set; }

    /// <summary>The worker that builds and registers the model of a study spread over workers; set once, by whoever comes first.</summary>
    public string? FinalisedBy { get; private set; }

    /// <summary>The largest <see cref="Parallelism"/> a run may ask for.</summary>
    public const int MaxParallelism = 8;

    public bool IsFinished => Status is RunStatus.Succeeded or RunStatus.Failed or RunStatus.Cancelled;

    public TimeSpan? Duration => StartedAt is { } s && FinishedAt is { } f ? f - s : null;

    private TrainingRun() { }

    public static TrainingRun Queue(
        Guid projectId, Guid datasetId, string target, string modelName, TimeSpan budget, int seed, Guid createdBy, DateTime now, string? featuresJson = null)
    {
        var run = new TrainingRun
        {
            FeaturesJson = featuresJson,
            ProjectId = projectId,
            DatasetId = datasetId,
            Target = target,
            ModelName = modelName,
            Budget = budget,
            Seed = seed,
            CreatedBy = createdBy,
            CreatedAt = now,
            Status = RunStatus.Queued,
        };
        run.Details = new TrainingRunDetails(run.Id);
        return run;
    }

    /// <summary>Spreads the run's trials over <paramref name="parallelism"/> workers, with an optional trial cap and early stopping.</summary>
    public void SpreadOver(int parallelism, int? maxTrials, int? earlyStopping = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(parallelism, MaxParallelism);
        Parallelism = parallelism;
        MaxTrials = maxTrials;
        EarlyStopping = earlyStopping;
    }

    /// <summary>Overrides what the search would choose by itself: the task, the ranking metric, validation by time or by so many folds; only before it starts.</summary>
    public void Steer(Augur.Learning.Training.TaskKind? task, string? metric, string? timeColumn, Augur.Learning.Training.TrainingGoal? goal = null, int? folds = null)
    {
        EnsureQueued();
        Folds = folds;
        RequestedTask = task;
        RequestedMetric = metric;
        TimeColumn = timeColumn;
        Goal = goal?.ToString();
    }

    /// <summary>How the run screens its trials (successive halving), fixed when it is queued; only before it starts.</summary>
    public void Screen(Augur.Learning.Training.HalvingMode halving)
    {
        EnsureQueued();
        Halving = halving;
    }

    /// <summary>Keeps what the run was asked in words, as understood (<see cref="Understood"/>); only before it starts.</summary>
    public void Asked(string understood)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(understood);
        EnsureQueued();
        Understood = understood;
    }

    /// <summary>Keeps columns out of the model, e.g. one known only after the outcome; only before the run starts.</summary>
    public void Ignore(IReadOnlyList<string> ignored)
    {
        ArgumentNullException.ThrowIfNull(ignored);
        EnsureQueued();
        IgnoredJson = ignored.Count == 0 ? null : System.Text.Json.JsonSerializer.Serialize(ignored, Augur.Data.AugurJson.Compact);
    }

    /// <summary>The run's goal, read back; null for none.</summary>
    public Augur.Learning.Training.TrainingGoal? ParsedGoal() => Goal is null ? null : Augur.Learning.Training.TrainingGoal.Parse(Goal);

    private void EnsureQueued()
    {
        if (Status != RunStatus.Queued)
        {
            throw new InvalidOperationException($"A run's settings are set before it starts; this one is {Status.ToString().ToLowerInvariant()}.");
        }
    }

    /// <summary>Sets the costs of wrong answers the run's yes/no cut minimises; only before it starts.</summary>
    public void PriceMistakes(Augur.Learning.Training.BinaryCosts costs)
    {
        ArgumentNullException.ThrowIfNull(costs);
        EnsureQueued();

        FalsePositiveCost = costs.FalsePositive;
        FalseNegativeCost = costs.FalseNegative;
    }

    /// <summary>Asks every worker on the run to stop; the run ends as cancelled once they have.</summary>
    public void RequestCancel(DateTime now)
    {
        EnsureNotFinished("be cancelled");
        CancelRequestedAt ??= now;
    }

    /// <summary>Makes <paramref name="worker"/> the one that finalises the study; only the first claim counts.</summary>
    public void ClaimFinalisation(string worker)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(worker);
        if (Status != RunStatus.Running || FinalisedBy is not null)
        {
            throw new InvalidOperationException($"Run {Id} is {Status} and already finalised by {FinalisedBy ?? "nobody"}; it cannot be claimed.");
        }

        FinalisedBy = worker;
    }

    /// <summary>Marks the run as running. A run picked up again after a crash counts another attempt.</summary>
    public void Start(DateTime now)
    {
        EnsureNotFinished("start");
        Attempts++;
        Status = RunStatus.Running;
        StartedAt = now;
        TrialsDone = 0;
    }

    public void ReportProgress(int trialsDone) => TrialsDone = trialsDone;

    /// <param name="leaderboardJson">The best <see cref="LeaderboardLimit"/> trials, best first (kept in <see cref="Details"/>, which must be loaded).</param>
    /// <param name="reportJson">The run's <see cref="Augur.Learning.Training.TrainingReport"/>: importance, lift table, columns left out.</param>
    public void Succeed(DateTime now, string task, string trainer, string metric, double metricValue, string metricsJson, string parametersJson, string leaderboardJson, string bundleKey, int trials, string? reportJson = null, bool stoppedEarly = false, bool? goalMet = null)
    {
        if (Status != RunStatus.Running)
        {
            throw new InvalidOperationException($"Run {Id} cannot succeed while it is {Status}.");
        }

        var details = Details ?? throw new InvalidOperationException(
            $"Run {Id} was read without its details; read them (Include) before it succeeds, or its leaderboard and report would be lost.");

        Status = RunStatus.Succeeded;
        FinishedAt = now;
        Task = task;
        Trainer = trainer;
        Metric = metric;
        MetricValue = metricValue;
        MetricsJson = metricsJson;
        ParametersJson = parametersJson;
        details.Record(leaderboardJson, reportJson);
        StoppedEarly = stoppedEarly;
        GoalMet = goalMet;
        BundleKey = bundleKey;
        TrialsDone = trials;
        Reason = null;
    }

    public void Fail(DateTime now, string reason)
    {
        EnsureNotFinished("fail");
        Status = RunStatus.Failed;
        FinishedAt = now;
        Reason = reason;
    }

    public void Cancel(DateTime now, string reason)
    {
        EnsureNotFinished("cancel");
        Status = RunStatus.Cancelled;
        FinishedAt = now;
        Reason = reason;
    }

    private void EnsureNotFinished(string action)
    {
        if (IsFinished)
        {
            throw new InvalidOperationException($"Run {Id} is already {Status}; it cannot {action}.");
        }
    }
}
