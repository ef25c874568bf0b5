namespace Augur.Platform.Monitoring;

/// <summary>
/// How right one version of an endpoint was on the predictions whose outcome its caller sent back within the window,
/// against how it did on the rows held back in training.
/// </summary>
/// <param name="Version">The version that answered them.</param>
/// <param name="Outcomes">Predictions with their outcome in the window (the newest, up to the options' maximum).</param>
/// <param name="Checked">Of those, the ones that could be scored against their outcome (a class the model never saw is not).</param>
/// <param name="Enough">Whether there are enough for a verdict (<see cref="MonitoringOptions.MinOutcomes"/>).</param>
/// <param name="Metric">The measure compared (the one the version was ranked by when the outcomes give it); null when none could be.</param>
/// <param name="Value">The measure on the outcomes.</param>
/// <param name="TrainedValue">The measure on the rows held back in training.</param>
/// <param name="Verdict">Better, as good, a little or much worse; null without a measure.</param>
/// <param name="Sentence">All of it in words.</param>
public sealed record LiveAccuracy(
    int Version,
    int Outcomes,
    int Checked,
    bool Enough,
    string? Metric,
    double? Value,
    double? TrainedValue,
    AccuracyVerdict? Verdict,
    string Sentence);

/// <summary>What became of outcomes sent back: how many were kept, and the ids that match no prediction kept in the log.</summary>
public sealed record OutcomesKept(int Kept, IReadOnlyList<Guid> Unknown);

/// <summary>What really happened for one prediction: its <c>predictionId</c> and the target's true value.</summary>
public sealed record SentOutcome(Guid PredictionId, System.Text.Json.Nodes.JsonNode? Outcome);
