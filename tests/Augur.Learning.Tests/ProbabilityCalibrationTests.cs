using Augur.Learning.Trainers;

namespace Augur.Learning.Tests;

public sealed class ProbabilityCalibrationTests
{
    /// <summary>
    /// Four classes whose true probabilities are a softmax of random logits; the "model" reports a softmax of those
    /// logits times <paramref name="sharpness"/> (above 1: overconfident, below 1: timid).
    /// </summary>
    private static (List<int> Actual, List<double[]> Predicted) Generated(double sharpness, int rows = 2_000)
    {
        var random = new Random(11);
        var actual = new List<int>();
        var predicted = new List<double[]>();
        for (var i = 0; i < rows; i++)
        {
            var logits = Enumerable.Range(0, 4).Select(_ => random.NextDouble() * 3).ToArray();
            var truth = Softmax(logits, 1);
            actual.Add(Draw.Class(random, truth));
            predicted.Add(Softmax(logits, sharpness));
        }

        return (actual, predicted);
    }

    private static double[] Softmax(double[] logits, double scale)
    {
        var exp = logits.Select(z => Math.Exp(z * scale)).ToArray();
        return [.. exp.Select(e => e / exp.Sum())];
    }

    private static double LogLoss(List<int> actual, IReadOnlyList<double[]> predicted) =>
        Metrics.Multiclass(actual, predicted, 4)["logLoss"];

    [Theory]
    [InlineData(4.0)]
    [InlineData(0.25)]
    public void Calibration_lowers_the_log_loss_of_overconfident_and_timid_probabilities_and_keeps_the_ranking(double sharpness)
    {
        var (actual, predicted) = Generated(sharpness);

        var calibration = ProbabilityCalibration.Fit(actual, predicted, []);
        var calibrated = ProbabilityCalibration.Apply(predicted, calibration, []);

        // The generating process is recovered: T ≈ sharpness.
        Assert.InRange(calibration.Temperature, sharpness * 0.8, sharpness * 1.25);
        Assert.Equal(0, calibration.PriorWeight);
        Assert.True(LogLoss(actual, calibrated) < LogLoss(actual, predicted) - 0.02, $"{LogLoss(actual, calibrated)} vs {LogLoss(actual, predicted)}");
        Assert.All(calibrated, p => Assert.Equal(1.0, p.Sum(), 9));
        Assert.Equal(predicted.Select(ArgMax), calibrated.Select(ArgMax));
    }

    [Fact]
    public void Calibrated_probabilities_stay_as_they_are()
    {
        var (actual, predicted) = Generated(1.0);

        var prior = ProbabilityCalibration.Prior(actual, 4);
        var calibration = ProbabilityCalibration.Fit(actual, predicted, prior);
        Assert.InRange(calibration.Temperature, 0.9, 1.1);
        Assert.InRange(calibration.PriorWeight, 0, 0.02);
        Assert.Equal(Calibration.None, ProbabilityCalibration.Fit([], [], []));
        var row = new[] { 0.2, 0.3, 0.5 };
        ProbabilityCalibration.Apply(row, Calibration.None, [0.1, 0.1, 0.8]);
        Assert.Equal([0.2, 0.3, 0.5], row);
    }

    /// <summary>
    /// A fully grown forest gives some true classes exactly 0 (no leaf saw them); temperature alone can only lift that
    /// to a tiny floor, while mixing in the class frequencies bounds every probability from below.
    /// </summary>
    [Fact]
    public void Probabilities_of_zero_for_the_true_class_are_fixed_by_mixing_in_the_class_frequencies()
    {
        var (actual, predicted) = Generated(1.0);
        // Every tenth row is a "miss": all its weight on one wrong class.
        var forest = predicted.Select((p, i) => i % 10 == 0
            ? [.. Enumerable.Range(0, 4).Select(k => k == (actual[i] + 1) % 4 ? 1.0 : 0.0)]
            : p).ToList();
        var prior = ProbabilityCalibration.Prior(actual, 4);

        var temperatureOnly = ProbabilityCalibration.Fit(actual, forest, []);
        var mixed = ProbabilityCalibration.Fit(actual, forest, prior);
        var calibrated = ProbabilityCalibration.Apply(forest, mixed, prior);

        Assert.InRange(mixed.PriorWeight, 0.01, 0.5);
        Assert.Equal(0, temperatureOnly.PriorWeight);
        var lossTemperatureOnly = LogLoss(actual, ProbabilityCalibration.Apply(forest, temperatureOnly, prior));
        Assert.True(LogLoss(actual, calibrated) < lossTemperatureOnly - 0.1, $"{LogLoss(actual, calibrated)} vs {lossTemperatureOnly}");
        Assert.All(calibrated, p => Assert.Equal(1.0, p.Sum(), 9));
        Assert.All(calibrated, p => Assert.All(p, v => Assert.True(v > 1e-4)));
    }

    [Fact]
    public void Calibration_is_fitted_on_an_even_sample_of_large_data_and_matches_the_fit_on_all_rows()
    {
        var (actual, predicted) = Generated(2.0, rows: ProbabilityCalibration.MaximumRows * 2);
        var prior = ProbabilityCalibration.Prior(actual, 4);

        var calibration = ProbabilityCalibration.Fit(actual, predicted, prior);

        Assert.InRange(calibration.Temperature, 1.6, 2.5);
    }

    private static int ArgMax(double[] p) => Array.IndexOf(p, p.Max());
}
