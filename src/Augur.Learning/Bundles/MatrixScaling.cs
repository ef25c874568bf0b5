using Augur.Learning.Trainers;

namespace Augur.Learning.Bundles;

/// <summary>
/// Multiclass tasks: the calibration of the (averaged) class probabilities when a temperature is not enough. Class k's
/// served probability is the softmax of <c>Bias[k] + Σ_j Weights[k][j] · log((1 − PriorShare) p_j + PriorShare · prior_j)</c>
/// over the K classes (prior = <see cref="BundleInfo.ClassPrior"/>; unmixed where a bundle has none): a multinomial logistic regression on the logarithms
/// of the probabilities, "matrix scaling" (Guo et al., 2017), of which a temperature is the special case W = I / T.
/// </summary>
/// <remarks>
/// Unlike a temperature it can move probability between particular classes: wine-quality's forests give part of a
/// grade's probability to its neighbours in a way no single temperature undoes (docs/automl.md, "Matrix scaling").
/// </remarks>
/// <param name="Weights">One row per class, K long.</param>
public sealed record MatrixScaling(double[][] Weights, double[] Bias, double PriorShare)
{
    /// <summary>Calibrates one row of probabilities in place; they still sum to 1.</summary>
    internal void Apply(Span<double> probabilities, IReadOnlyList<double> prior)
    {
        Span<double> features = probabilities.Length <= 64 ? stackalloc double[probabilities.Length] : new double[probabilities.Length];
        probabilities.CopyTo(features);
        ProbabilityCalibration.MixedLogs(features, prior, PriorShare);
        MultinomialLogistic.Apply(Weights, Bias, features, probabilities);
    }
}
