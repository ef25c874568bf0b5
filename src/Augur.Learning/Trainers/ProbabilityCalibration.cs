namespace Augur.Learning.Trainers;

/// <summary>
/// How a model's multiclass probabilities are calibrated: first mixed with the class frequencies of the training rows,
/// p = (1 - <see cref="PriorWeight"/>) p + <see cref="PriorWeight"/> prior, then temperature-scaled, p_k^(1/T)
/// renormalised. <see cref="None"/> leaves them as they are.
/// </summary>
internal readonly record struct Calibration(double Temperature, double PriorWeight)
{
    public static Calibration None => new(1, 0);
}

/// <summary>
/// Fits and applies <see cref="Calibration"/>, both parameters fitted to minimise the log loss of out-of-fold
/// predictions. Two parameters cannot overfit the folds the way a per-class calibrator can.
/// </summary>
/// <remarks>
/// Temperature scaling (Guo et al., 2017) fixes probabilities that are too sure or too timid as a whole: boosted
/// one-versus-all trees are often both. It cannot fix a class given exactly 0, which fully grown forests do when no
/// tree's leaf saw it: temperature only lifts 0 to a tiny floor, and log loss punishes the row without limit. Mixing in
/// the class frequencies bounds every probability from below; on wine-quality-white it took a forest's 10-fold log loss
/// from 0.747 (temperature alone) to 0.709 (docs/benchmarks.md). The temperature is fitted after the mix.
/// </remarks>
internal static class ProbabilityCalibration
{
    /// <summary>Probabilities are floored here before their logarithm, as in <see cref="Metrics"/>.</summary>
    private const double Floor = 1e-15;

    // The search is over beta = 1/T; the log loss is convex in beta (a log-sum-exp minus a linear term).
    private const double MinimumBeta = 0.05;
    private const double MaximumBeta = 20;

    /// <summary>The prior's weight is searched up to here: beyond it the model would hardly count.</summary>
    private const double MaximumPriorWeight = 0.5;

    /// <summary>At most this many rows (evenly spaced) are fitted on: two parameters need no more, and large data stays quick.</summary>
    internal const int MaximumRows = 20_000;

    /// <summary>
    /// The calibration that minimises the log loss of <paramref name="probabilities"/>: the temperature alone, then the
    /// prior's weight for it and the temperature again for that weight, whichever of the two is better (and
    /// <see cref="Calibration.None"/> unless it is better still). None when there is nothing to fit.
    /// </summary>
    /// <param name="prior">The class frequencies of the training rows; empty fits the temperature alone.</param>
    public static Calibration Fit(IReadOnlyList<int> actual, IReadOnlyList<double[]> probabilities, IReadOnlyList<double> prior)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(prior);
        if (actual.Count == 0)
        {
            return Calibration.None;
        }

        if (actual.Count > MaximumRows)
        {
            var sample = EvenlySpaced(actual.Count);
            return Fit([.. sample.Select(i => actual[i])], [.. sample.Select(i => probabilities[i])], prior);
        }

        var unmixed = Logs(probabilities, prior, 0);
        var best = (Calibration: Calibration.None, Loss: Loss(actual, unmixed, 1));
        var beta = FitBeta(actual, unmixed);
        Consider(new Calibration(1 / beta, 0), unmixed);
        if (prior.Count > 0)
        {
            var weight = Golden(0, MaximumPriorWeight, 1e-4, w => Loss(actual, Logs(probabilities, prior, w), beta));
            var mixed = Logs(probabilities, prior, weight);
            Consider(new Calibration(1 / FitBeta(actual, mixed), weight), mixed);
        }

        return best.Calibration;

        void Consider(Calibration candidate, double[][] logs)
        {
            var loss = Loss(actual, logs, 1 / candidate.Temperature);
            if (loss < best.Loss)
            {
                best = (candidate, loss);
            }
        }
    }

    /// <summary>All row indices up to <see cref="MaximumRows"/> rows; above, that many evenly spaced ones.</summary>
    internal static List<int> EvenlySpaced(int rows)
    {
        if (rows <= MaximumRows)
        {
            return [.. Enumerable.Range(0, rows)];
        }

        var step = (double)rows / MaximumRows;
        return [.. Enumerable.Range(0, MaximumRows).Select(i => (int)(i * step))];
    }

    /// <summary>Calibrates one row of probabilities in place; they still sum to 1.</summary>
    public static void Apply(Span<double> probabilities, Calibration calibration, IReadOnlyList<double> prior)
    {
        if (probabilities.Length == 0)
        {
            return;
        }

        if (Mixes(calibration.PriorWeight, prior, probabilities.Length))
        {
            for (var k = 0; k < probabilities.Length; k++)
            {
                probabilities[k] = Mix(probabilities[k], prior[k], calibration.PriorWeight);
            }
        }

        if (calibration.Temperature == 1)
        {
            return;
        }

        var beta = 1 / calibration.Temperature;
        for (var k = 0; k < probabilities.Length; k++)
        {
            probabilities[k] = beta * Math.Log(Math.Max(probabilities[k], Floor));
        }

        MultinomialLogistic.Softmax(probabilities);
    }

    /// <summary>A calibrated copy of each row.</summary>
    public static double[][] Apply(IReadOnlyList<double[]> probabilities, Calibration calibration, IReadOnlyList<double> prior) =>
        [.. probabilities.Select(p =>
        {
            var copy = p.ToArray();
            Apply(copy, calibration, prior);
            return copy;
        })];

    /// <summary>The class frequencies of <paramref name="classes"/> (0 to <paramref name="count"/> - 1).</summary>
    public static double[] Prior(IEnumerable<int> classes, int count)
    {
        var frequencies = new double[count];
        var rows = 0;
        foreach (var k in classes)
        {
            frequencies[k]++;
            rows++;
        }

        return rows == 0 ? [] : [.. frequencies.Select(f => f / rows)];
    }

    /// <summary>Whether a row of <paramref name="classes"/> probabilities is mixed: a weight, and a frequency for every class.</summary>
    private static bool Mixes(double weight, IReadOnlyList<double> prior, int classes) => weight > 0 && prior.Count == classes;

    private static double Mix(double probability, double frequency, double weight) => ((1 - weight) * probability) + (weight * frequency);

    /// <summary>The logarithms of the mixed probabilities, which the temperature's loss is computed from.</summary>
    private static double[][] Logs(IReadOnlyList<double[]> probabilities, IReadOnlyList<double> prior, double weight) =>
        [.. probabilities.Select(p =>
        {
            var logs = p.ToArray();
            MixedLogs(logs, prior, weight);
            return logs;
        })];

    /// <summary>
    /// Mixes one row of probabilities with the class frequencies (<paramref name="weight"/> of them, when there is one
    /// for every class) and takes their logarithms, in place: what a temperature scales, and matrix scaling's features.
    /// </summary>
    internal static void MixedLogs(Span<double> probabilities, IReadOnlyList<double> prior, double weight)
    {
        var mixes = Mixes(weight, prior, probabilities.Length);
        for (var k = 0; k < probabilities.Length; k++)
        {
            probabilities[k] = Math.Log(Math.Max(mixes ? Mix(probabilities[k], prior[k], weight) : probabilities[k], Floor));
        }
    }

    private static double Loss(IReadOnlyList<int> actual, double[][] logs, double beta)
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

    /// <summary>Golden-section search for beta on a log scale.</summary>
    private static double FitBeta(IReadOnlyList<int> actual, double[][] logs) =>
        Math.Exp(Golden(Math.Log(MinimumBeta), Math.Log(MaximumBeta), 1e-4, b => Loss(actual, logs, Math.Exp(b))));

    /// <summary>The minimum of a function that has one between <paramref name="low"/> and <paramref name="high"/>, by golden-section search.</summary>
    private static double Golden(double low, double high, double tolerance, Func<double, double> f)
    {
        var ratio = (Math.Sqrt(5) - 1) / 2;
        double a = high - (ratio * (high - low)), b = low + (ratio * (high - low));
        double fa = f(a), fb = f(b);
        for (var step = 0; step < 60 && high - low > tolerance; step++)
        {
            if (fa < fb)
            {
                high = b;
                b = a;
                fb = fa;
                a = high - (ratio * (high - low));
                fa = f(a);
            }
            else
            {
                low = a;
                a = b;
                fa = fb;
                b = low + (ratio * (high - low));
                fb = f(b);
            }
        }

        return (low + high) / 2;
    }
}
