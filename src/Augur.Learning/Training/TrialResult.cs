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

    /// <summary>
    /// The trial's fidelity: the share of the training rows it fitted on (1 = all). With successive halving, trials
    /// below 1 only screen configurations; they never compete for best or ensemble.
    /// </summary>
    public double DataFraction { get; init; } = 1;

    /// <summary>How many rows the trial fitted on (per validation fold), when the runner reported it.</summary>
    public int? TrainingRows { get; init; }
}
