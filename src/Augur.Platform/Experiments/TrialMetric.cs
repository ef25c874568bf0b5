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

    private TrialMetric() { }

    internal TrialMetric(Guid trialId, Guid projectId, Guid runId, string key, double value)
    {
        TrialId = trialId;
        ProjectId = projectId;
        RunId = runId;
        Key = key;
        Value = value;
    }

    internal void Update(double value) => Value = value;
}
