using Augur.Learning.Training;

namespace Augur.Learning.Trainers;

/// <summary>
/// Metrics computed from predictions (probabilities in nats, not ML.NET's bits), so that out-of-fold predictions of
/// every fold are scored together. Keys are camelCase, as in <see cref="Evaluator"/>.
/// </summary>
internal static class Metrics
{
    private const double Epsilon = 1e-15;

    /// <param name="positive">Whether each row is the positive (second) label.</param>
    /// <param name="probability">The predicted probability of the positive label, per row.</param>
    public static Dictionary<string, double> Binary(IReadOnlyList<bool> positive, IReadOnlyList<double> probability, BinaryCosts? costs)
    {
        var n = positive.Count;
        var logLoss = 0.0;
        for (var i = 0; i < n; i++)
        {
            var p = Math.Clamp(probability[i], Epsilon, 1 - Epsilon);
            logLoss -= positive[i] ? Math.Log(p) : Math.Log(1 - p);
        }

        var (threshold, tp, fp, fn, tn) = ChooseThreshold(positive, probability, costs);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["auc"] = Auc(positive, probability),
            ["logLoss"] = n == 0 ? double.NaN : logLoss / n,
            ["prAuc"] = AveragePrecision(positive, probability),
            ["threshold"] = threshold,
            ["f1"] = tp == 0 ? 0 : 2.0 * tp / ((2.0 * tp) + fp + fn),
            ["accuracy"] = n == 0 ? double.NaN : (double)(tp + tn) / n,
            ["precision"] = tp + fp == 0 ? double.NaN : (double)tp / (tp + fp),
            ["recall"] = tp + fn == 0 ? double.NaN : (double)tp / (tp + fn),
        };
        if (costs is not null)
        {
            metrics["cost"] = n == 0 ? double.NaN : ((fp * costs.FalsePositive) + (fn * costs.FalseNegative)) / n;
        }

        return Finite(metrics);
    }

    /// <param name="actual">The 0-based class of each row.</param>
    /// <param name="probabilities">Per row, one probability per class.</param>
    public static Dictionary<string, double> Multiclass(IReadOnlyList<int> actual, IReadOnlyList<double[]> probabilities, int classes)
    {
        var n = actual.Count;
        var logLoss = 0.0;
        var correct = 0;
        var counts = new int[classes, classes];
        for (var i = 0; i < n; i++)
        {
            var row = probabilities[i];
            logLoss -= Math.Log(Math.Clamp(row[actual[i]], Epsilon, 1));
            var predicted = ArgMax(row);
            counts[actual[i], predicted]++;
            correct += predicted == actual[i] ? 1 : 0;
        }

        var f1 = 0.0;
        for (var k = 0; k < classes; k++)
        {
            var truePositive = counts[k, k];
            var actualCount = Enumerable.Range(0, classes).Sum(j => counts[k, j]);
            var predictedCount = Enumerable.Range(0, classes).Sum(j => counts[j, k]);
            f1 += actualCount + predictedCount == 0 ? 0 : 2.0 * truePositive / (actualCount + predictedCount);
        }

        return Finite(new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["logLoss"] = n == 0 ? double.NaN : logLoss / n,
            ["accuracy"] = n == 0 ? double.NaN : (double)correct / n,
            ["macroF1"] = classes == 0 ? double.NaN : f1 / classes,
        });
    }

    /// <summary>RMSE, MAE, R² and MAPE (over rows whose actual value is not zero, as a fraction).</summary>
    public static Dictionary<string, double> Regression(IReadOnlyList<double> actual, IReadOnlyList<double> predicted)
    {
        var n = actual.Count;
        double squared = 0, absolute = 0, percentage = 0;
        var percentageRows = 0;
        var mean = n == 0 ? 0 : actual.Average();
        var total = 0.0;
        for (var i = 0; i < n; i++)
        {
            var error = predicted[i] - actual[i];
            squared += error * error;
            absolute += Math.Abs(error);
            total += (actual[i] - mean) * (actual[i] - mean);
            if (actual[i] != 0)
            {
                percentage += Math.Abs(error / actual[i]);
                percentageRows++;
            }
        }

        return Finite(new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["rmse"] = n == 0 ? double.NaN : Math.Sqrt(squared / n),
            ["mae"] = n == 0 ? double.NaN : absolute / n,
            ["r2"] = total == 0 ? double.NaN : 1 - (squared / total),
            ["mape"] = percentageRows == 0 ? double.NaN : percentage / percentageRows,
        });
    }

    /// <summary>Area under the ROC curve by ranks (ties count half).</summary>
    public static double Auc(IReadOnlyList<bool> positive, IReadOnlyList<double> score)
    {
        var order = Enumerable.Range(0, score.Count).OrderBy(i => score[i]).ToArray();
        double rankSum = 0;
        long positives = 0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && score[order[end + 1]] == score[order[start]])
            {
                end++;
            }

            var rank = ((start + end) / 2.0) + 1;
            for (var k = start; k <= end; k++)
            {
                if (positive[order[k]])
                {
                    rankSum += rank;
                    positives++;
                }
            }

            start = end + 1;
        }

        var negatives = order.Length - positives;
        return positives == 0 || negatives == 0 ? double.NaN : (rankSum - (positives * (positives + 1) / 2.0)) / (positives * (double)negatives);
    }

    /// <summary>Deciles of rows ranked by probability, most likely first (ties broken by row order).</summary>
    public static IReadOnlyList<LiftRow> LiftTable(IReadOnlyList<bool> positive, IReadOnlyList<double> probability)
    {
        var n = positive.Count;
        var totalPositives = positive.Count(p => p);
        if (n == 0 || totalPositives == 0)
        {
            return [];
        }

        var baseRate = (double)totalPositives / n;
        // Rows with the same probability (common with trees) are ordered by a fixed scramble of their position, not by
        // the position itself: an export sorted by the outcome would otherwise put its positives first within every tie
        // and overstate the top deciles.
        var order = Enumerable.Range(0, n).OrderByDescending(i => probability[i]).ThenBy(i => unchecked((uint)i * 2654435761u)).ToArray();
        var table = new List<LiftRow>(10);
        var cumulativeRows = 0;
        var cumulativePositives = 0;
        for (var decile = 1; decile <= 10; decile++)
        {
            var start = (int)Math.Round((decile - 1) * n / 10.0);
            var end = (int)Math.Round(decile * n / 10.0);
            if (end <= start)
            {
                continue;
            }

            var members = order[start..end];
            var positives = members.Count(i => positive[i]);
            cumulativeRows += members.Length;
            cumulativePositives += positives;
            var rate = (double)positives / members.Length;
            table.Add(new LiftRow(
                decile,
                members.Length,
                positives,
                members.Min(i => probability[i]),
                rate,
                rate / baseRate,
                (double)cumulativePositives / totalPositives,
                (double)cumulativePositives / cumulativeRows / baseRate,
                (double)cumulativeRows / n));
        }

        return table;
    }

    public static int ArgMax(ReadOnlySpan<double> row)
    {
        var best = 0;
        for (var k = 1; k < row.Length; k++)
        {
            if (row[k] > row[best])
            {
                best = k;
            }
        }

        return best;
    }

    /// <summary>
    /// The probability threshold at or above which a row is called positive: the one with the highest F1, or the lowest
    /// cost when <paramref name="costs"/> is given. Candidates are midpoints between distinct predicted probabilities.
    /// </summary>
    private static (double Threshold, int Tp, int Fp, int Fn, int Tn) ChooseThreshold(
        IReadOnlyList<bool> positive, IReadOnlyList<double> probability, BinaryCosts? costs)
    {
        var n = positive.Count;
        var order = Enumerable.Range(0, n).OrderByDescending(i => probability[i]).ToArray();
        var totalPositives = positive.Count(p => p);

        // Start with nobody called positive (threshold above every probability).
        int tp = 0, fp = 0;
        var best = (Threshold: 1.0, Tp: 0, Fp: 0, Fn: totalPositives, Tn: n - totalPositives);
        var bestScore = Score(0, 0, totalPositives);
        for (var k = 0; k < n;)
        {
            var value = probability[order[k]];
            while (k < n && probability[order[k]] == value)
            {
                if (positive[order[k]])
                {
                    tp++;
                }
                else
                {
                    fp++;
                }

                k++;
            }

            var score = Score(tp, fp, totalPositives - tp);
            if (score > bestScore)
            {
                bestScore = score;
                var next = k < n ? probability[order[k]] : 0;
                best = ((value + next) / 2, tp, fp, totalPositives - tp, n - totalPositives - fp);
            }
        }

        return best;

        double Score(int truePositives, int falsePositives, int falseNegatives) => costs is null
            ? (truePositives == 0 ? 0 : 2.0 * truePositives / ((2.0 * truePositives) + falsePositives + falseNegatives))
            : -((falsePositives * costs.FalsePositive) + (falseNegatives * costs.FalseNegative));
    }

    /// <summary>Mean precision at each positive, in rank order (scikit-learn's average precision).</summary>
    private static double AveragePrecision(IReadOnlyList<bool> positive, IReadOnlyList<double> probability)
    {
        var order = Enumerable.Range(0, positive.Count).OrderByDescending(i => probability[i]).ToArray();
        var totalPositives = positive.Count(p => p);
        if (totalPositives == 0)
        {
            return double.NaN;
        }

        double sum = 0;
        int tp = 0, seen = 0;
        for (var k = 0; k < order.Length;)
        {
            var value = probability[order[k]];
            var gained = 0;
            while (k < order.Length && probability[order[k]] == value)
            {
                gained += positive[order[k]] ? 1 : 0;
                seen++;
                k++;
            }

            tp += gained;
            sum += gained * ((double)tp / seen);
        }

        return sum / totalPositives;
    }

    // NaN (e.g. precision with no positive prediction) cannot be written to JSON; such a metric is left out.
    private static Dictionary<string, double> Finite(Dictionary<string, double> metrics) =>
        metrics.Where(m => double.IsFinite(m.Value)).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
}
