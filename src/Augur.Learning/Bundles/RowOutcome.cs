namespace Augur.Learning.Bundles;

/// <summary>The answer for one row scored on its own: a prediction, or the problems that kept the row from being scored.</summary>
public sealed record RowOutcome(RowPrediction? Prediction, IReadOnlyList<InputError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}
