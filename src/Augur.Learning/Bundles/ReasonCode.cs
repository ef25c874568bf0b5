namespace Augur.Learning.Bundles;

/// <summary>
/// One reason behind a prediction: an input column and how far it moved the model's raw score for this row (positive
/// pushes towards the positive class or a higher value). One-hot and date slots are summed back into their column.
/// </summary>
public sealed record ReasonCode(string Column, double Contribution)
{
    /// <summary>"up" or "down", for people who read the sign less easily than a word.</summary>
    public string Direction => Contribution >= 0 ? "up" : "down";
}
