using System.Text.Json.Nodes;

namespace Augur.Learning.Features;

/// <summary>
/// Target encoding of high-cardinality categoricals, the alternative to hashing that the search may choose. Training
/// rows get out-of-fold values (a row's own target never enters its encoding, so a model cannot learn the target
/// from it); the bundle stores the encoding over all rows for scoring. Means are smoothed towards the prior, so a
/// value seen twice says little. Multiclass tasks get one encoding per class (the smoothed share of that class among
/// the rows with the value), for the <see cref="MaxClasses"/> most frequent classes.
/// </summary>
internal static class TargetEncoder
{
    /// <summary>How many rows' worth of the prior a value's mean is blended with.</summary>
    public const double Smoothing = 10;

    /// <summary>
    /// Multiclass tasks encode at most this many classes (the most frequent) per column: each costs a slot per
    /// high-cardinality column, and a rare class's share is mostly the prior anyway.
    /// </summary>
    public const int MaxClasses = 10;

    private const int Folds = 5;

    /// <summary>The plan with an encoding (over all rows) for each hashed column (and class).</summary>
    /// <param name="targets">0/1 (binary), the number (regression) or the class index (multiclass).</param>
    /// <param name="classes">Multiclass tasks: the labels, in class-index order; null otherwise.</param>
    public static FeaturePlan Fit(FeaturePlan plan, IReadOnlyList<JsonObject> rows, IReadOnlyList<double> targets, IReadOnlyList<string>? classes = null)
    {
        var hashed = plan.Inputs.Where(i => i.Encoding == FeatureEncoding.Hashed).ToList();
        if (hashed.Count == 0)
        {
            return plan;
        }

        var all = Enumerable.Range(0, rows.Count).ToList();
        if (classes is null)
        {
            return plan with { TargetEncodings = [.. hashed.Select((input, slot) => Encoding(input.Column.Name, slot, rows, targets, all))] };
        }

        var encoded = EncodedClasses(targets, classes.Count);
        var encodings = hashed
            .SelectMany((input, column) => encoded.Select((k, c) =>
                Encoding(input.Column.Name, (column * encoded.Count) + c, rows, Indicator(targets, k), all) with { Class = classes[k] }))
            .ToList();
        return plan with { TargetEncodings = encodings };
    }

    /// <summary>Overwrites each training row's encoded slots with values computed from the other folds only.</summary>
    /// <param name="classes">Multiclass tasks: the labels, as given to <see cref="Fit"/>; null otherwise.</param>
    public static void ApplyOutOfFold(
        FeaturePlan plan, IReadOnlyList<JsonObject> rows, IReadOnlyList<double> targets, IReadOnlyList<FeatureRow> encoded, int seed, IReadOnlyList<string>? classes = null)
    {
        if (plan.TargetEncodings.Count == 0)
        {
            return;
        }

        var index = classes?.Select((label, k) => (label, k)).ToDictionary(x => x.label, x => x.k, StringComparer.Ordinal);
        var indicators = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        IReadOnlyList<double> TargetsOf(TargetEncoding encoding) =>
            encoding.Class is null || index is null
                ? targets
                : indicators.TryGetValue(encoding.Class, out var cached) ? cached : indicators[encoding.Class] = Indicator(targets, index[encoding.Class]);

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
                var outOfFold = Encoding(column.Column, column.Slot, rows, TargetsOf(column), fit);
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

    /// <summary>The classes that get an encoding: the <see cref="MaxClasses"/> most frequent, in class-index order.</summary>
    private static List<int> EncodedClasses(IReadOnlyList<double> targets, int classes) =>
        [.. Enumerable.Range(0, classes)
            .Select(k => (k, Count: targets.Count(t => (int)t == k)))
            .OrderByDescending(c => c.Count)
            .ThenBy(c => c.k)
            .Take(MaxClasses)
            .Select(c => c.k)
            .Order()];

    private static List<double> Indicator(IReadOnlyList<double> targets, int k) => [.. targets.Select(t => (int)t == k ? 1.0 : 0.0)];

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
