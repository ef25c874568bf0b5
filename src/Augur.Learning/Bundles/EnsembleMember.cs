using Augur.Learning.Trainers;

namespace Augur.Learning.Bundles;

/// <summary>
/// One model of an ensemble: the trial it comes from, its trainer and its weight (weights sum to 1). A trial that could
/// not be refitted on all rows in the budget is served as the average of its cross-validation models: one entry per
/// fold, with the same trial, trainer and temperature, each with its share of the trial's weight.
/// </summary>
public sealed record EnsembleMember(int Trial, string Trainer, double Weight)
{
    /// <summary>
    /// Multiclass tasks: the temperature that calibrates this model's probabilities before they are averaged (its
    /// trial's, see <see cref="BundleInfo.Temperature"/>); 1 leaves them as they are.
    /// </summary>
    public double Temperature { get; init; } = 1;

    /// <summary>
    /// Multiclass tasks: the weight of the class frequencies (<see cref="BundleInfo.ClassPrior"/>) mixed into this model's
    /// probabilities before its temperature; 0 mixes nothing in.
    /// </summary>
    public double PriorWeight { get; init; }

    /// <summary><see cref="Temperature"/> and <see cref="PriorWeight"/> together, as they are applied.</summary>
    internal Calibration Calibration => new(Temperature, PriorWeight);

    /// <summary>
    /// The validation fold (0-based) this model was fitted without, i.e. it saw the other folds' rows; null for a model
    /// refitted on all rows (and in bundles written before this was recorded).
    /// </summary>
    public int? Fold { get; init; }
}
