using System.Diagnostics;
using Augur.Learning.Bundles;

namespace Augur.Learning.Trainers;

/// <summary>
/// Chooses between <see cref="ProbabilityCalibration"/> (a temperature and a mix with the class frequencies) and
/// <see cref="MatrixScaling"/> for a multiclass model's or ensemble's out-of-fold probabilities, by their log loss on
/// 5-fold cross-validation over the out-of-fold rows (the same folds for both).
/// </summary>
/// <remarks>
/// The regression's L2 penalty is chosen by the same cross-validation. A logistic regression on each trial's
/// probabilities side by side (stacking) was tried as a third candidate: on wine-quality-white it cross-validated worse
/// than matrix scaling (0.760–0.770 against 0.758 on fold 0), for several times the fitting time (docs/benchmarks.md,
/// session 15).
/// </remarks>
internal static class MatrixScalingFit
{
    /// <summary>Share of the class frequencies mixed into every probability before its logarithm, so that none is 0.</summary>
    public const double PriorShare = 0.01;

    /// <summary>
    /// The time the choice may take: 2 % of the run's budget, at least 3 s (on wine-quality's 3,900 rows and 7 classes
    /// it takes about 2 s). Past it no further fit is started and the best so far stays; the search leaves this much
    /// for it (<see cref="Training.RefitReserve"/>).
    /// </summary>
    public static TimeSpan Allowance(TimeSpan budget) => budget * 0.02 > MinimumAllowance ? budget * 0.02 : MinimumAllowance;

    private static readonly TimeSpan MinimumAllowance = TimeSpan.FromSeconds(3);

    /// <summary>What the run's report adds to its sentence on the served models when matrix scaling calibrates them.</summary>
    public const string Sentence = "Its probabilities are then adjusted class by class, to match how often each class came true on the validation rows.";

    /// <summary>The L2 penalties tried, on the summed log loss (scikit-learn's C is 1 / penalty).</summary>
    private static readonly double[] Penalties = [10, 3, 30];

    private const int Folds = 5;

    /// <summary>
    /// Matrix scaling with its cross-validated predictions for every row when it cross-validates better than the
    /// calibration; null when it does not (or there is too little to fit: the caller calibrates as before).
    /// </summary>
    public static (MatrixScaling Scaling, double[][] Predictions)? Choose(
        IReadOnlyList<int> actual, IReadOnlyList<double[]> probabilities, IReadOnlyList<double> prior, int seed, TimeSpan allowance)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(prior);
        var classes = prior.Count;
        if (actual.Count < Folds * 20 || classes < 2)
        {
            return null;
        }

        var clock = Stopwatch.StartNew();

        // The fits see at most MaximumRows evenly spaced rows; the served predictions are for every row.
        var sample = ProbabilityCalibration.EvenlySpaced(actual.Count);
        var labels = sample.Select(i => actual[i]).ToList();
        var folds = StratifiedFolds(labels, seed);
        var sampled = sample.Select(i => probabilities[i]).ToList();
        var features = sampled.Select(p => Features(p, prior)).ToList();

        var calibrated = CrossValidate(labels.Count, folds, (train, held) =>
        {
            var calibration = ProbabilityCalibration.Fit([.. train.Select(i => labels[i])], [.. train.Select(i => sampled[i])], prior);
            return ProbabilityCalibration.Apply([.. held.Select(i => sampled[i])], calibration, prior);
        }, () => false)!;
        var best = (Penalty: double.NaN, Loss: LogLoss(labels, calibrated), Predictions: calibrated);
        foreach (var penalty in Penalties)
        {
            var predicted = CrossValidate(labels.Count, folds, (train, held) =>
            {
                var model = MultinomialLogistic.Fit([.. train.Select(i => features[i])], [.. train.Select(i => labels[i])], classes, penalty);
                return [.. held.Select(i => Predict(model, features[i]))];
            }, () => clock.Elapsed > allowance);
            if (predicted is not null && LogLoss(labels, predicted) is var loss && loss < best.Loss)
            {
                best = (penalty, loss, predicted);
            }
        }

        if (double.IsNaN(best.Penalty))
        {
            return null;
        }

        var fitted = MultinomialLogistic.Fit(features, labels, classes, best.Penalty);
        var scaling = new MatrixScaling(fitted.Weights, fitted.Bias, PriorShare);
        return sample.Count == actual.Count
            ? (scaling, best.Predictions)
            : (scaling, [.. probabilities.Select(p => Predict(fitted, Features(p, prior)))]);
    }

    private static double[] Features(double[] probabilities, IReadOnlyList<double> prior)
    {
        var features = probabilities.ToArray();
        ProbabilityCalibration.MixedLogs(features, prior, PriorShare);
        return features;
    }

    private static double[] Predict(MultinomialLogistic model, double[] features)
    {
        var probabilities = new double[model.Bias.Length];
        model.Apply(features, probabilities);
        return probabilities;
    }

    /// <summary>
    /// Cross-validated predictions (<paramref name="fitAndPredict"/> gets a fold's training and held-out positions), or
    /// null when <paramref name="outOfTime"/> says so before a fold.
    /// </summary>
    private static double[][]? CrossValidate(int rows, List<Fold> folds, Func<IReadOnlyList<int>, IReadOnlyList<int>, double[][]> fitAndPredict, Func<bool> outOfTime)
    {
        var predictions = new double[rows][];
        foreach (var fold in folds)
        {
            if (outOfTime())
            {
                return null;
            }

            var predicted = fitAndPredict(fold.Train, fold.Validation);
            for (var h = 0; h < fold.Validation.Count; h++)
            {
                predictions[fold.Validation[h]] = predicted[h];
            }
        }

        return predictions;
    }

    /// <summary>
    /// Each class's rows shuffled (seeded) and dealt out in turn, as <see cref="TrainingSet"/> deals its k folds but with
    /// a shuffle of its own: sharing TrainingSet's changed which calibration a seeded test run chose (and so its bundle's
    /// format version, which that test checks); left for a change that may move seeded results.
    /// </summary>
    private static List<Fold> StratifiedFolds(List<int> actual, int seed)
    {
        var random = new Random(seed);
        var fold = new int[actual.Count];
        var next = 0;
        foreach (var group in Enumerable.Range(0, actual.Count).GroupBy(i => actual[i]).OrderBy(g => g.Key))
        {
            foreach (var row in group.OrderBy(_ => random.Next()))
            {
                fold[row] = next++ % Folds;
            }
        }

        return [.. Enumerable.Range(0, Folds).Select(f => new Fold(
            [.. Enumerable.Range(0, actual.Count).Where(i => fold[i] != f)],
            [.. Enumerable.Range(0, actual.Count).Where(i => fold[i] == f)]))];
    }

    private static double LogLoss(IReadOnlyList<int> actual, double[][] predictions) =>
        Metrics.Multiclass(actual, predictions, predictions[0].Length)["logLoss"];
}
