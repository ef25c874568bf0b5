namespace Augur.Learning.Training;

/// <summary>One row of the leaderboard. <see cref="Metrics"/> are on the validation data (e.g. "auc", "logLoss").</summary>
public sealed record TrialResult(
    int Number,
    string Trainer,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyDictionary<string, double> Metrics,
    TimeSpan Duration,
    TrialStatus Status,
    string? FailureReason = null)
{
    /// <summary>The metrics of each validation fold, in fold order, when the trial runner measured them (empty otherwise).</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, double>> FoldMetrics { get; init; } = [];

    /// <summary>When the trial started (UTC, from the search's clock).</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>What the process used while the trial ran, when the search sampled it.</summary>
    public TrialResources? Resources { get; init; }
}
