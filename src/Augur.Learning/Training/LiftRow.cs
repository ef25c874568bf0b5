namespace Augur.Learning.Training;

/// <summary>
/// One decile of a lift and gain table: rows ranked by predicted probability of the positive label, most likely first.
/// <see cref="Lift"/> is the decile's positive rate over the overall rate; <see cref="CumulativeGain"/> is the share of
/// all positives found by contacting this decile and every one above it, and <see cref="CumulativeShare"/> the share of
/// all rows those deciles hold (about a tenth per decile; less even on small data).
/// </summary>
public sealed record LiftRow(
    int Decile,
    int Rows,
    int Positives,
    double MinimumProbability,
    double PositiveRate,
    double Lift,
    double CumulativeGain,
    double CumulativeLift,
    double CumulativeShare);
