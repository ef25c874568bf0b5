namespace Augur.Learning.Bundles;

/// <summary>One model of an ensemble: the trial it comes from, its trainer and its weight (weights sum to 1).</summary>
public sealed record EnsembleMember(int Trial, string Trainer, double Weight)
{
    /// <summary>
    /// Multiclass tasks: the temperature that calibrates this model's probabilities before they are averaged (its
    /// trial's, see <see cref="BundleInfo.Temperature"/>); 1 leaves them as they are.
    /// </summary>
    public double Temperature { get; init; } = 1;
}
