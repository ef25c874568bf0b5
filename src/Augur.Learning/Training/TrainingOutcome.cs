using Augur.Learning.Bundles;

namespace Augur.Learning.Training;

/// <summary>The result of <see cref="IAutoTrainer.TrainAsync"/>: the winning bundle plus every trial tried.</summary>
public sealed record TrainingOutcome(
    ModelBundle Bundle,
    IReadOnlyList<TrialResult> Leaderboard,
    TrialResult Best,
    TaskKind Task,
    string Metric,
    TimeSpan Duration)
{
    /// <summary>Why this task was chosen, e.g. "The target 'Churn' has exactly two values."</summary>
    public string TaskReason { get; init; } = "";

    /// <summary>True when the bundle's model was refitted on all rows; false when it is the holdout-trained one.</summary>
    public bool RefittedOnAllData { get; init; }
}
