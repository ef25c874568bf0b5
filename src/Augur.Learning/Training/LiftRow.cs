namespace Augur.Learning.Training;

/// <summary>
/// One decile of a lift and gain table: rows ranked by predicted probability of the positive label, most likely first.
/// <see cref="Lift"/> is the decile's positive rate over the overall rate; <see cref="CumulativeGain"/> is the share of
/// all positives found by contacting this decile and every one above it.
/// </summary>
public sealed record LiftRow(
    int Decile,
    int Rows,
    int Positives,
    double MinimumProbability,
    double PositiveRate,
    double Lift,
    double CumulativeGain,
    double CumulativeLift);
