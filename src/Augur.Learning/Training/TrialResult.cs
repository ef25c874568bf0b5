namespace Augur.Learning.Training;

/// <summary>One row of the leaderboard. <see cref="Metrics"/> are on the validation data (e.g. "auc", "logLoss").</summary>
public sealed record TrialResult(
    int Number,
    string Trainer,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyDictionary<string, double> Metrics,
    TimeSpan Duration,
    TrialStatus Status,
    string? FailureReason = null);
