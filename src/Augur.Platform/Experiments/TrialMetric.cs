using Augur.Learning.Training;

namespace Augur.Platform.Experiments;

/// <summary>
/// One metric of one trial, like MLflow's latest_metrics table: a row per (trial, metric key), with the project and
/// run copied in so that "best trials by AUC in this project" is one index range scan, not a scan of JSON blobs.
/// </summary>
public sealed class TrialMetric
{
    public Guid TrialId { get; private set; }

    public string Key { get; private set; } = "";

    public Guid ProjectId { get; private set; }

    public Guid RunId { get; private set; }

    public double Value { get; private set; }

    /// <summary>Copied from the trial so that filtered leaderboards read these narrow rows only.</summary>
    public string Trainer { get; private set; } = "";

    /// <summary>Copied from the trial, like <see cref="Trainer"/>.</summary>
    public TrialStatus Status { get; private set; }

    private TrialMetric() { }

    internal TrialMetric(Trial trial, string key, double value)
    {
        ArgumentNullException.ThrowIfNull(trial);
        (TrialId, ProjectId, RunId, Trainer, Status) = (trial.Id, trial.ProjectId, trial.RunId, trial.Trainer, trial.Status);
        Key = key;
        Value = value;
    }

    internal void Update(Trial trial, double value) => (Value, Trainer, Status) = (value, trial.Trainer, trial.Status);
}
