using System.Text.Json.Nodes;

namespace Augur.Learning.Features;

/// <summary>
/// Target encoding of high-cardinality categoricals, the alternative to hashing that the search may choose. Training
/// rows get out-of-fold values (a row's own target never enters its encoding, so a model cannot learn the target
/// from it); the bundle stores the encoding over all rows for scoring. Means are smoothed towards the prior, so a
/// value seen twice says little.
/// </summary>
internal static class TargetEncoder
{
    /// <summary>How many rows' worth of the prior a value's mean is blended with.</summary>
    public const double Smoothing = 10;

    private const int Folds = 5;

    /// <summary>The plan with an encoding (over all rows) for each hashed column; targets are 0/1 or numbers.</summary>
    public static FeaturePlan Fit(FeaturePlan plan, IReadOnlyList<JsonObject> rows, IReadOnlyList<double> targets)
    {
        var hashed = plan.Inputs.Where(i => i.Encoding == FeatureEncoding.Hashed).ToList();
        if (hashed.Count == 0)
        {
            return plan;
        }

        var all = Enumerable.Range(0, rows.Count).ToList();
        var encodings = hashed.Select((input, slot) => Encoding(input.Column.Name, slot, rows, targets, all)).ToList();
        return plan with { TargetEncodings = encodings };
    }

    /// <summary>Overwrites each training row's encoded slots with values computed from the other folds only.</summary>
    public static void ApplyOutOfFold(FeaturePlan plan, IReadOnlyList<JsonObject> rows, IReadOnlyList<double> targets, IReadOnlyList<FeatureRow> encoded, int seed)
    {
        if (plan.TargetEncodings.Count == 0)
        {
            return;
        }

        var order = Enumerable.Range(0, rows.Count).ToArray();
        new Random(seed).Shuffle(order);
        var fold = new int[rows.Count];
        for (var k = 0; k < order.Length; k++)
        {
            fold[order[k]] = k % Folds;
        }

        for (var f = 0; f < Folds; f++)
        {
            var fit = Enumerable.Range(0, rows.Count).Where(i => fold[i] != f).ToList();
            foreach (var column in plan.TargetEncodings)
            {
                var outOfFold = Encoding(column.Column, column.Slot, rows, targets, fit);
                for (var i = 0; i < rows.Count; i++)
                {
                    if (fold[i] == f)
                    {
                        encoded[i].Encoded[column.Slot] = outOfFold.Encode(FeaturePlan.Key(rows[i], column.Column));
                    }
                }
            }
        }
    }

    private static TargetEncoding Encoding(string column, int slot, IReadOnlyList<JsonObject> rows, IReadOnlyList<double> targets, List<int> fit)
    {
        var prior = fit.Count == 0 ? 0 : fit.Average(i => targets[i]);
        var sums = new Dictionary<string, (double Sum, int Count)>(StringComparer.Ordinal);
        foreach (var i in fit)
        {
            var key = FeaturePlan.Key(rows[i], column);
            var (sum, count) = sums.GetValueOrDefault(key);
            sums[key] = (sum + targets[i], count + 1);
        }

        return new TargetEncoding(column, slot, prior,
            sums.ToDictionary(s => s.Key, s => (s.Value.Sum + (prior * Smoothing)) / (s.Value.Count + Smoothing), StringComparer.Ordinal));
    }
}
