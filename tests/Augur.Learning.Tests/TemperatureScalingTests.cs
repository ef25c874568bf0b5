using Augur.Learning.Trainers;

namespace Augur.Learning.Tests;

public sealed class TemperatureScalingTests
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
            var draw = random.NextDouble();
            var label = 0;
            for (var cumulative = truth[0]; cumulative < draw && label < 3; cumulative += truth[++label])
            {
            }

            actual.Add(label);
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

        var temperature = TemperatureScaling.Fit(actual, predicted);
        var calibrated = TemperatureScaling.Apply(predicted, temperature);

        // The generating process is recovered: T ≈ sharpness.
        Assert.InRange(temperature, sharpness * 0.8, sharpness * 1.25);
        Assert.True(LogLoss(actual, calibrated) < LogLoss(actual, predicted) - 0.02, $"{LogLoss(actual, calibrated)} vs {LogLoss(actual, predicted)}");
        Assert.All(calibrated, p => Assert.Equal(1.0, p.Sum(), 9));
        Assert.Equal(predicted.Select(ArgMax), calibrated.Select(ArgMax));
    }

    [Fact]
    public void Calibrated_probabilities_stay_as_they_are()
    {
        var (actual, predicted) = Generated(1.0);

        Assert.InRange(TemperatureScaling.Fit(actual, predicted), 0.9, 1.1);
        Assert.Equal(1.0, TemperatureScaling.Fit([], []));
        var row = new[] { 0.2, 0.3, 0.5 };
        TemperatureScaling.Apply(row, 1.0);
        Assert.Equal([0.2, 0.3, 0.5], row);
    }

    private static int ArgMax(double[] p) => Array.IndexOf(p, p.Max());
}
