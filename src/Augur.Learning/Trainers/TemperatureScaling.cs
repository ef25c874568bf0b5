namespace Augur.Learning.Trainers;

/// <summary>
/// Temperature scaling (Guo et al., 2017) of multiclass probabilities: p_k is replaced by p_k^(1/T) renormalised, with
/// T fitted to minimise the log loss of out-of-fold predictions. One parameter, so it cannot overfit the folds the way a
/// per-class calibrator can; it does not change which class ranks first, only how sure the probabilities are.
/// Boosted one-versus-all trees and forests are often much too sure or too timid, and log loss punishes both.
/// </summary>
internal static class TemperatureScaling
{
    /// <summary>Probabilities are floored here before their logarithm, as in <see cref="Metrics"/>.</summary>
    private const double Floor = 1e-15;

    // The search is over beta = 1/T; the log loss is convex in beta (a log-sum-exp minus a linear term).
    private const double MinimumBeta = 0.05;
    private const double MaximumBeta = 20;

    /// <summary>The temperature that minimises the log loss of <paramref name="probabilities"/>; 1 when there is nothing to fit.</summary>
    public static double Fit(IReadOnlyList<int> actual, IReadOnlyList<double[]> probabilities)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(probabilities);
        if (actual.Count == 0)
        {
            return 1;
        }

        var logs = probabilities.Select(p => p.Select(v => Math.Log(Math.Max(v, Floor))).ToArray()).ToArray();
        double Loss(double beta)
        {
            var total = 0.0;
            for (var i = 0; i < logs.Length; i++)
            {
                var row = logs[i];
                var max = row.Max() * beta;
                var sum = 0.0;
                foreach (var z in row)
                {
                    sum += Math.Exp((beta * z) - max);
                }

                total += max + Math.Log(sum) - (beta * row[actual[i]]);
            }

            return total / logs.Length;
        }

        // Golden-section search on log(beta), then kept only if it beats beta = 1 (it always should, bar rounding).
        double low = Math.Log(MinimumBeta), high = Math.Log(MaximumBeta);
        var ratio = (Math.Sqrt(5) - 1) / 2;
        double a = high - (ratio * (high - low)), b = low + (ratio * (high - low));
        double fa = Loss(Math.Exp(a)), fb = Loss(Math.Exp(b));
        for (var step = 0; step < 60 && high - low > 1e-4; step++)
        {
            if (fa < fb)
            {
                high = b;
                b = a;
                fb = fa;
                a = high - (ratio * (high - low));
                fa = Loss(Math.Exp(a));
            }
            else
            {
                low = a;
                a = b;
                fa = fb;
                b = low + (ratio * (high - low));
                fb = Loss(Math.Exp(b));
            }
        }

        var beta = Math.Exp((low + high) / 2);
        return Loss(beta) < Loss(1) ? 1 / beta : 1;
    }

    /// <summary>Rescales one row of probabilities in place by the temperature; they still sum to 1.</summary>
    public static void Apply(Span<double> probabilities, double temperature)
    {
        if (temperature == 1 || probabilities.Length == 0)
        {
            return;
        }

        var beta = 1 / temperature;
        var max = double.NegativeInfinity;
        for (var k = 0; k < probabilities.Length; k++)
        {
            probabilities[k] = beta * Math.Log(Math.Max(probabilities[k], Floor));
            max = Math.Max(max, probabilities[k]);
        }

        var sum = 0.0;
        for (var k = 0; k < probabilities.Length; k++)
        {
            probabilities[k] = Math.Exp(probabilities[k] - max);
            sum += probabilities[k];
        }

        for (var k = 0; k < probabilities.Length; k++)
        {
            probabilities[k] /= sum;
        }
    }

    /// <summary>A rescaled copy of each row.</summary>
    public static double[][] Apply(IReadOnlyList<double[]> probabilities, double temperature) =>
        [.. probabilities.Select(p =>
        {
            var copy = p.ToArray();
            Apply(copy, temperature);
            return copy;
        })];
}
