namespace Augur.Learning.Training;

/// <summary>
/// A cost matrix for binary decisions: what a false positive (e.g. contacting a customer who would not have churned)
/// and a false negative (missing one who does) cost. When given, the threshold minimises the total cost instead of
/// maximising F1.
/// </summary>
public sealed record BinaryCosts(double FalsePositive, double FalseNegative)
{
    /// <summary>The costs when either is given, the other then 1 (a person names the mistake that costs more); null for neither.</summary>
    public static BinaryCosts? From(double? falsePositive, double? falseNegative) =>
        falsePositive is null && falseNegative is null ? null : new(falsePositive ?? 1, falseNegative ?? 1);

    /// <summary>Whether a cut can minimise these: both finite and not negative, and not both 0.</summary>
    public bool AreUsable =>
        FalsePositive is >= 0 and < double.PositiveInfinity && FalseNegative is >= 0 and < double.PositiveInfinity && FalsePositive + FalseNegative > 0;
}
