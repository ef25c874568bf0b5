using Augur.Data.Schema;
using Augur.Learning.Bundles;
using Augur.Learning.Trainers;
using Augur.Learning.Training;

namespace Augur.Learning.Tests;

/// <summary>Matrix scaling: a logistic regression on the logarithms of the probabilities, where it cross-validates better than a temperature.</summary>
public sealed class MatrixScalingTests
{
    private static readonly double[] Prior = [0.25, 0.25, 0.25, 0.25];

    /// <summary>Rows of four classes drawn from random true probabilities.</summary>
    private static (List<int> Actual, List<double[]> Truth) Drawn(int rows, int seed)
    {
        var random = new Random(seed);
        var actual = new List<int>();
        var truth = new List<double[]>();
        for (var i = 0; i < rows; i++)
        {
            var exp = Enumerable.Range(0, 4).Select(_ => Math.Exp(random.NextDouble() * 4)).ToArray();
            var p = exp.Select(e => e / exp.Sum()).ToArray();
            actual.Add(Draw.Class(random, p));
            truth.Add(p);
        }

        return (actual, truth);
    }

    /// <summary>What a model reports that gives half of class 1's probability to class 2: no temperature undoes that.</summary>
    private static List<double[]> Shifted(List<double[]> truth) => [.. truth.Select(p => new[] { p[0], p[1] / 2, p[2] + (p[1] / 2), p[3] })];

    private static double LogLoss(List<int> actual, IReadOnlyList<double[]> predicted) => Metrics.Multiclass(actual, predicted, 4)["logLoss"];

    /// <summary>The best a temperature and a mix with the class frequencies do, fitted on the very rows they are scored on.</summary>
    private static double CalibratedInSample(List<int> actual, List<double[]> predicted) =>
        LogLoss(actual, ProbabilityCalibration.Apply(predicted, ProbabilityCalibration.Fit(actual, predicted, Prior), Prior));

    [Fact]
    public void Probability_given_to_a_neighbouring_class_is_moved_back()
    {
        var (actual, truth) = Drawn(3_000, seed: 1);
        var reported = Shifted(truth);

        var chosen = MatrixScalingFit.Choose(actual, reported, Prior, seed: 3, TimeSpan.FromMinutes(1));

        Assert.NotNull(chosen);
        var (scaling, predictions) = chosen.Value;
        Assert.Equal(4, scaling.Bias.Length);
        Assert.All(scaling.Weights, w => Assert.Equal(4, w.Length));
        Assert.Equal(actual.Count, predictions.Length);
        // Its predictions are cross-validated, and still beat the calibration fitted in sample by a clear margin, close to the truth.
        var scaled = LogLoss(actual, predictions);
        Assert.True(scaled < CalibratedInSample(actual, reported) - 0.03, $"matrix scaling {scaled}, calibrated {CalibratedInSample(actual, reported)}");
        Assert.True(scaled < LogLoss(actual, truth) + 0.02, $"matrix scaling {scaled}, truth {LogLoss(actual, truth)}");
    }

    [Fact]
    public void Without_time_for_a_regression_the_calibration_stays()
    {
        var (actual, truth) = Drawn(1_000, seed: 1);
        var reported = Shifted(truth);

        Assert.NotNull(MatrixScalingFit.Choose(actual, reported, Prior, seed: 3, TimeSpan.FromMinutes(1)));
        Assert.Null(MatrixScalingFit.Choose(actual, reported, Prior, seed: 3, TimeSpan.Zero));
    }

    [Fact]
    public void The_scaling_scores_a_row_as_the_fit_predicted_it()
    {
        var (actual, truth) = Drawn(1_000, seed: 4);
        var reported = Shifted(truth);
        var (scaling, _) = MatrixScalingFit.Choose(actual, reported, Prior, seed: 3, TimeSpan.FromMinutes(1))!.Value;

        var served = reported[0].ToArray();
        scaling.Apply(served, Prior);

        var features = reported[0].Select(p => Math.Log((0.99 * p) + (0.01 * 0.25))).ToArray();
        var logits = Enumerable.Range(0, 4).Select(k => scaling.Bias[k] + scaling.Weights[k].Zip(features, (w, x) => w * x).Sum()).ToArray();
        var expected = logits.Select(z => Math.Exp(z) / logits.Sum(Math.Exp)).ToArray();
        Assert.All(Enumerable.Range(0, 4), k => Assert.Equal(expected[k], served[k], 12));
    }

    [Fact]
    public async Task A_bundle_calibrated_by_matrix_scaling_scores_the_same_after_a_round_trip_and_says_format_3()
    {
        // A noisy grade where a third of the rows are "b" whatever their income: the trials' probabilities for "b" need
        // more than a temperature (found by trying; the run is seeded, so it chooses the same every time).
        var random = new Random(3);
        var rows = Some.Rows(600);
        foreach (var row in rows)
        {
            var score = ((double?)row["income"] ?? 50) + (random.NextDouble() * 40) - 20;
            row["tier"] = random.NextDouble() < 0.3 ? "b" : score < 45 ? "a" : score < 55 ? "b" : "c";
        }

        var schema = Some.Schema with { Rows = rows.Count, Columns = [.. Some.Schema.Columns.Select(c => c.Name is "churn" or "spend" ? c with { Role = ColumnRole.Ignored } : c)] };
        var request = new TrainingRequest(Some.WriteJsonl(rows), schema, "tier") { Budget = TimeSpan.FromMinutes(5), MaxTrials = 3, Seed = 42 };
        var outcome = await new AutoTrainer(TimeProvider.System).TrainAsync(request, null, CancellationToken.None);
        using var bundle = outcome.Bundle;
        Assert.NotNull(bundle.Info.MatrixScaling);
        Assert.NotEmpty(bundle.Info.Ensemble);
        Assert.Equal(1.0, bundle.Info.Temperature);
        Assert.Equal(0.0, bundle.Info.PriorWeight);
        Assert.EndsWith(MatrixScalingFit.Sentence, outcome.ServedModels, StringComparison.Ordinal);
        Assert.Contains("adjusted class by class", outcome.ServedModels, StringComparison.Ordinal);

        var path = Path.Combine(Path.GetDirectoryName(Some.WriteJsonl([]))!, "scaled.augur");
        await using (var file = File.Create(path))
        {
            await bundle.SaveAsync(file, CancellationToken.None);
        }

        await using var stream = File.OpenRead(path);
        using var loaded = await ModelBundle.LoadAsync(stream, CancellationToken.None);
        Assert.Equal(ModelBundle.MatrixScalingFormatVersion, loaded.Info.FormatVersion);
        Assert.Equal(bundle.Info.MatrixScaling!.Bias, loaded.Info.MatrixScaling!.Bias);
        var customers = Some.Rows(50, seed: 5);
        Assert.Equal(bundle.Predict(customers).Select(p => p.Probabilities), loaded.Predict(customers).Select(p => p.Probabilities));
        Assert.All(loaded.Predict(customers), p => Assert.Equal(1.0, p.Probabilities!.Values.Sum(), 9));
        SamePredictions.AsRowPath(loaded, customers);
        // The reported validation metrics are matrix scaling's cross-validated ones.
        Assert.Equal(outcome.ValidationMetrics["logLoss"], bundle.Info.Metrics["logLoss"]);
    }
}
