namespace Augur.Learning.Training;

/// <summary>
/// A cost matrix for binary decisions: what a false positive (e.g. contacting a customer who would not have churned)
/// and a false negative (missing one who does) cost. When given, the threshold minimises the total cost instead of
/// maximising F1.
/// </summary>
public sealed record BinaryCosts(double FalsePositive, double FalseNegative)
{
    /// <summary>Whether a cut can minimise these: both finite and not negative, and not both 0.</summary>
    public bool AreUsable =>
        FalsePositive is >= 0 and < double.PositiveInfinity && FalseNegative is >= 0 and < double.PositiveInfinity && FalsePositive + FalseNegative > 0;
}
