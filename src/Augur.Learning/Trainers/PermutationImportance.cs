using Augur.Learning.Features;
using Augur.Learning.Training;

namespace Augur.Learning.Trainers;

/// <summary>
/// Permutation feature importance of a fitted pipeline, by input column (not by encoded slot): each column's values are
/// shuffled (seeded) across validation rows and the rise of the ranking loss is its importance. Works for any model.
/// </summary>
internal static class PermutationImportance
{
    /// <summary>At most this many validation rows are scored per column.</summary>
    public const int MaximumRows = 2000;

    /// <summary>However short the time left, at least this many rows (or all there are) are scored per column.</summary>
    public const int MinimumRows = 200;

    /// <param name="timeLeft">
    /// What remains of the run's budget (at least <paramref name="minimumTime"/> is taken): when scoring every column on
    /// <see cref="MaximumRows"/> rows would take longer, as measured on the unpermuted rows, fewer rows are scored. A slow
    /// predictor (an ensemble of fully grown forests) would otherwise run the training far past its budget.
    /// </param>
    public static List<FeatureImportance> Compute(
        CrossValidationTrialRunner runner, FeaturePlan plan, string metric, Func<IReadOnlyList<FeatureRow>, double[][]> predict, IReadOnlyList<int> rows, IReadOnlyList<FeatureRow> all, int seed, TimeSpan timeLeft, TimeSpan minimumTime, CancellationToken cancellationToken)
    {
        var sample = rows.Take(MaximumRows).ToArray();
        var original = sample.Select(i => all[i]).ToArray();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var predictions = predict(original);
        var affordable = Affordable(original.Length, watch.Elapsed, plan.Inputs.Select(i => i.ReportedName).Distinct(StringComparer.Ordinal).Count(), timeLeft > minimumTime ? timeLeft : minimumTime);
        if (affordable < original.Length)
        {
            sample = sample[..affordable];
            original = original[..affordable];
            predictions = predictions[..affordable];
        }

        var baseline = Evaluator.Loss(metric, runner.Evaluate(sample, predictions));
        var result = new List<FeatureImportance>();
        // Inputs reported together (a location's columns and features) are permuted together: permuting the latitude
        // alone would leave its position in the location features, and the model would hardly notice.
        foreach (var group in plan.Inputs.GroupBy(i => i.ReportedName, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var order = Enumerable.Range(0, original.Length).ToArray();
            new Random(seed).Shuffle(order);
            var permuted = original.Select((row, i) => Swap(row, original[order[i]], group)).ToArray();
            var loss = Evaluator.Loss(metric, runner.Evaluate(sample, predict(permuted)));
            result.Add(new FeatureImportance(group.Key, double.IsFinite(loss - baseline) ? loss - baseline : 0));
        }

        return [.. result.OrderByDescending(f => f.Importance).ThenBy(f => f.Column, StringComparer.Ordinal)];
    }

    /// <summary>How many of <paramref name="rows"/> rows every column can be scored on in <paramref name="time"/>, given that scoring them once took <paramref name="scored"/>.</summary>
    internal static int Affordable(int rows, TimeSpan scored, int columns, TimeSpan time)
    {
        var perRow = scored.TotalSeconds / Math.Max(1, rows);
        var affordable = perRow > 0 ? time.TotalSeconds / (perRow * Math.Max(1, columns)) : rows;
        return (int)Math.Clamp(affordable, Math.Min(MinimumRows, rows), rows);
    }

    /// <summary>A copy of <paramref name="row"/> with the slots of <paramref name="inputs"/> taken from <paramref name="donor"/>.</summary>
    private static FeatureRow Swap(FeatureRow row, FeatureRow donor, IEnumerable<FeatureInput> inputs)
    {
        var copy = new FeatureRow
        {
            Numbers = [.. row.Numbers],
            Categories = [.. row.Categories],
            Hashed = [.. row.Hashed],
            Encoded = [.. row.Encoded],
            Text = row.Text,
            Flag = row.Flag,
            Class = row.Class,
            Value = row.Value,
        };
        foreach (var input in inputs)
        {
            Take(copy, donor, input);
        }

        return copy;
    }

    /// <summary>Overwrites one input's slots in <paramref name="copy"/> with <paramref name="donor"/>'s.</summary>
    private static void Take(FeatureRow copy, FeatureRow donor, FeatureInput input)
    {
        var width = input.Encoding switch
        {
            FeatureEncoding.Date => 4,
            FeatureEncoding.DateTime => 5,
            _ => 1,
        };
        switch (input.Encoding)
        {
            case FeatureEncoding.OneHot:
                copy.Categories[input.Slot] = donor.Categories[input.Slot];
                break;
            case FeatureEncoding.Hashed:
                copy.Hashed[input.Slot] = donor.Hashed[input.Slot];
                if (input.Slot < copy.Encoded.Length)
                {
                    // Hashed columns are numbered in plan order, as are their target encodings.
                    copy.Encoded[input.Slot] = donor.Encoded[input.Slot];
                }

                break;
            case FeatureEncoding.Text:
                // All text columns share one field, so they are permuted together.
                copy.Text = donor.Text;
                break;
            default:
                Array.Copy(donor.Numbers, input.Slot, copy.Numbers, input.Slot, width);
                break;
        }
    }
}
