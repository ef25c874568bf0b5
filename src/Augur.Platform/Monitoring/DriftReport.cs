namespace Augur.Platform.Monitoring;

/// <summary>
/// How far one version's recent inputs on an endpoint are from the data it was trained on, column by column: those that
/// changed most first, then those the model relies on most.
/// </summary>
/// <param name="Source">What was compared: the endpoint's name, or the scored file's.</param>
/// <param name="Model">The model's name.</param>
/// <param name="Version">The version that answered the predictions.</param>
/// <param name="From">The start of the window (UTC).</param>
/// <param name="To">The end of the window (UTC).</param>
/// <param name="Predictions">Logged predictions of the version in the window, or rows of the scored file (up to the options' maximum).</param>
/// <param name="Enough">Whether there are enough for a verdict (<see cref="MonitoringOptions.MinPredictions"/>); below it the figures move by chance.</param>
/// <param name="Level">The worst column's level; <see cref="DriftLevel.Stable"/> when there are not enough predictions.</param>
/// <param name="Summary">The verdict in a sentence.</param>
/// <param name="Columns">The columns compared.</param>
/// <param name="Answers">The version's recent answers against its answers on its training data (<see cref="DriftCheck.Answers"/>); null when there are none to compare. Not part of <paramref name="Level"/>: the answers move because the inputs did.</param>
public sealed record DriftReport(
    string Source,
    string Model,
    int Version,
    DateTime From,
    DateTime To,
    int Predictions,
    bool Enough,
    DriftLevel Level,
    string Summary,
    IReadOnlyList<ColumnDrift> Columns,
    ColumnDrift? Answers = null);
