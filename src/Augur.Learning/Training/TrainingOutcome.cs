using Augur.Learning.Bundles;

namespace Augur.Learning.Training;

/// <summary>The result of <see cref="IAutoTrainer.TrainAsync"/>: the winning bundle plus every trial tried.</summary>
public sealed record TrainingOutcome(
    ModelBundle Bundle,
    IReadOnlyList<TrialResult> Leaderboard,
    TrialResult Best,
    TaskKind Task,
    string Metric,
    TimeSpan Duration);
