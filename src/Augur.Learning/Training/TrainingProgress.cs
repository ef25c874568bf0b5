namespace Augur.Learning.Training;

/// <summary>Reported after each trial; the platform and the CLI show it. A failing observer must never fail training.</summary>
public sealed record TrainingProgress(int TrialsDone, TimeSpan Elapsed, TimeSpan Budget, TrialResult? LastTrial, TrialResult? Best)
{
    /// <summary>The metric trials are ranked by (e.g. "auc"), so an observer can show each trial's score as it arrives.</summary>
    public string? Metric { get; init; }
}
