using Augur.Learning.Training;

namespace Augur.Platform.Experiments;

/// <summary>
/// One tuner trial of a training run (the run is the experiment). Keyed by (RunId, Number): recording the same trial
/// again, from a retried job or another worker, updates this row instead of adding one (DESIGN.md, convention 8).
/// </summary>
public sealed class Trial
{
    public const int MaxLogLength = 2000;

    public Guid Id { get; private set; } = Guid.NewGuid();

    public Guid ProjectId { get; private set; }

    public Guid RunId { get; private set; }

    public int Number { get; private set; }

    /// <summary>Which attempt of the run's job recorded it (a run restarted after a crash counts another).</summary>
    public int Attempt { get; private set; }

    public string Trainer { get; private set; } = "";

    public TrialStatus Status { get; private set; }

    public string? FailureReason { get; private set; }

    /// <summary>The metric the run ranks trials by (e.g. "auc").</summary>
    public string? Metric { get; private set; }

    /// <summary>The value of <see cref="Metric"/>; null when the trial failed or the metric was undefined.</summary>
    public double? Score { get; private set; }

    public string ParametersJson { get; private set; } = "{}";

    /// <summary>Metrics on the pooled validation predictions; one row each is also in <see cref="TrialMetric"/> for sorting.</summary>
    public string MetricsJson { get; private set; } = "{}";

    /// <summary>The metrics of each validation fold, a JSON array in fold order (empty when not measured).</summary>
    public string FoldMetricsJson { get; private set; } = "[]";

    public DateTime? StartedAt { get; private set; }

    public double DurationSeconds { get; private set; }

    /// <summary>Process-wide managed allocations while the trial ran (see <see cref="TrialResources"/>).</summary>
    public long? AllocatedBytes { get; private set; }

    /// <summary>Process-wide processor time while the trial ran, over all cores.</summary>
    public double? CpuSeconds { get; private set; }

    /// <summary>The process's resident memory when the trial ended.</summary>
    public long? WorkingSetBytes { get; private set; }

    /// <summary>A short account of the trial for a person, at most <see cref="MaxLogLength"/> characters.</summary>
    public string Log { get; private set; } = "";

    /// <summary>The stored bundle this trial became (the run's winner only); null for the others.</summary>
    public string? ArtifactKey { get; private set; }

    public DateTime RecordedAt { get; private set; }

    /// <summary>The worker that claimed the trial (node and job), in a study spread over workers.</summary>
    public string? WorkerId { get; private set; }

    /// <summary>
    /// While the trial runs, its worker pushes this forward every second; a running trial whose lease has passed lost
    /// its worker and is marked failed, so the study neither waits for it forever nor runs its number twice.
    /// </summary>
    public DateTime? LeaseUntil { get; private set; }

    /// <summary>The exact settings the tuner proposed (numbers at full precision), which the tuner replays.</summary>
    public string? SettingsJson { get; private set; }

    /// <summary>
    /// The share of the training rows the trial fitted on: 1, or less for a screening trial of successive halving, whose
    /// score is not comparable with the others' and which never becomes the model.
    /// </summary>
    public double DataFraction { get; private set; } = 1;

    /// <summary>Whether the trial fitted on all the training rows (it was not a screening trial).</summary>
    public bool IsFullData => DataFraction >= 1;

    private Trial() { }

    internal static Trial Create(Guid projectId, Guid runId, int number) => new() { ProjectId = projectId, RunId = runId, Number = number };

    /// <summary>Stores (or replaces, on a repeat) what the trial measured.</summary>
    internal void Record(TrialRecord record, DateTime now)
    {
        Attempt = record.Attempt;
        Trainer = record.Trainer;
        Status = record.Status;
        FailureReason = record.FailureReason;
        Metric = record.Metric;
        Score = record.Score;
        ParametersJson = record.ParametersJson;
        MetricsJson = record.MetricsJson;
        FoldMetricsJson = record.FoldMetricsJson;
        StartedAt = record.StartedAt;
        DurationSeconds = record.DurationSeconds;
        AllocatedBytes = record.AllocatedBytes;
        CpuSeconds = record.CpuSeconds;
        WorkingSetBytes = record.WorkingSetBytes;
        DataFraction = record.DataFraction;
        Log = record.Log.Length > MaxLogLength ? record.Log[..MaxLogLength] : record.Log;
        RecordedAt = now;
        LeaseUntil = null;
    }

    /// <summary>A trial a worker has claimed and is about to run (stored before it runs, in the study lock).</summary>
    internal static Trial Claim(Guid projectId, Guid runId, int number, string trainer, string parametersJson, string settingsJson, double dataFraction, string workerId, DateTime leaseUntil, DateTime now) =>
        new()
        {
            ProjectId = projectId,
            RunId = runId,
            Number = number,
            Attempt = 1,
            Trainer = trainer,
            Status = TrialStatus.Running,
            ParametersJson = parametersJson,
            SettingsJson = settingsJson,
            DataFraction = dataFraction,
            WorkerId = workerId,
            LeaseUntil = leaseUntil,
            StartedAt = now,
            RecordedAt = now,
            Log = $"Trial {number} ({trainer}) is running on {workerId}.",
        };

    /// <summary>Why a trial failed when its worker went away (<see cref="WorkerStopped"/>).</summary>
    public const string WorkerStoppedReason = "The worker stopped while this trial was running.";

    /// <summary>Whether the trial failed only because its worker went away, not because of its settings.</summary>
    public bool LostItsWorker => Status == TrialStatus.Failed && FailureReason == WorkerStoppedReason;

    /// <summary>A running trial whose worker is gone: recorded as failed, with the reason.</summary>
    internal void WorkerStopped(DateTime now)
    {
        if (Status != TrialStatus.Running)
        {
            return;
        }

        Status = TrialStatus.Failed;
        FailureReason = WorkerStoppedReason;
        Log = $"Trial {Number} ({Trainer}) failed: the worker {WorkerId} stopped while it was running.";
        DurationSeconds = StartedAt is { } started ? Math.Max(0, (now - started).TotalSeconds) : 0;
        LeaseUntil = null;
        RecordedAt = now;
    }

    /// <summary>Links the trial to the bundle it was saved as (the run's winner).</summary>
    public void AttachArtifact(string artifactKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(artifactKey);
        ArtifactKey = artifactKey;
    }
}
