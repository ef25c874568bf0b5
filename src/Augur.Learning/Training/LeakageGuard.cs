using System.Globalization;
using Augur.Learning.Features;
using Augur.Learning.Trainers;

namespace Augur.Learning.Training;

/// <summary>
/// Finds input columns that alone nearly predict the target (a leak, such as "cancellation date" for churn): binary
/// tasks by single-column AUC, regression by single-column R². Categories are target-encoded out of fold (two halves),
/// so that an identifier-like column cannot look predictive by memorising rows. Multiclass targets and text columns
/// are not checked.
/// </summary>
internal static class LeakageGuard
{
    /// <summary>A column whose single-column AUC or R² exceeds this is excluded.</summary>
    public const double Limit = 0.98;

    public static List<ExcludedColumn> Find(TaskKind task, FeaturePlan plan, IReadOnlyList<FeatureRow> rows)
    {
        var excluded = new List<ExcludedColumn>();
        if (task == TaskKind.Multiclass || rows.Count < 20)
        {
            return excluded;
        }

        var targets = rows.Select(r => task == TaskKind.Binary ? (r.Flag ? 1.0 : 0.0) : r.Value).ToArray();
        // Custom features are deliberate (a ratio that predicts the target is the point of writing one), so they are not checked.
        foreach (var input in plan.Inputs.Where(i => i.Expression is null))
        {
            var values = Values(input, rows, targets);
            if (values is null)
            {
                continue;
            }

            if (task == TaskKind.Binary)
            {
                var auc = Metrics.Auc([.. targets.Select(t => t > 0.5)], values);
                var strength = double.IsFinite(auc) ? Math.Max(auc, 1 - auc) : 0;
                if (strength > Limit)
                {
                    excluded.Add(new ExcludedColumn(input.Column.Name, string.Create(CultureInfo.InvariantCulture, $"on its own it almost gives the answer away (AUC {strength:0.###}), so it is probably recorded after the outcome: a leak")));
                }
            }
            else
            {
                var r2 = RSquared(values, targets);
                if (r2 > Limit)
                {
                    excluded.Add(new ExcludedColumn(input.Column.Name, string.Create(CultureInfo.InvariantCulture, $"on its own it almost gives the answer away (R² {r2:0.###}), so it is probably recorded after the outcome: a leak")));
                }
            }
        }

        return excluded;
    }

    /// <summary>One number per row: the value (missing as below every value) or the out-of-fold target mean of the category.</summary>
    private static double[]? Values(FeatureInput input, IReadOnlyList<FeatureRow> rows, double[] targets)
    {
        switch (input.Encoding)
        {
            case FeatureEncoding.Numeric or FeatureEncoding.Boolean:
                return Numbers(rows, input.Slot);
            case FeatureEncoding.Date:
                return Numbers(rows, input.Slot + 3);
            case FeatureEncoding.DateTime:
                return Numbers(rows, input.Slot + 4);
            case FeatureEncoding.OneHot or FeatureEncoding.Hashed:
                var keys = rows.Select(r => input.Encoding == FeatureEncoding.OneHot ? r.Categories[input.Slot] : r.Hashed[input.Slot]).ToArray();
                var mean = targets.Average();
                var encoded = new double[rows.Count];
                for (var half = 0; half < 2; half++)
                {
                    var other = 1 - half;
                    var means = Enumerable.Range(0, rows.Count).Where(i => i % 2 == other)
                        .GroupBy(i => keys[i] ?? "", StringComparer.Ordinal)
                        .ToDictionary(g => g.Key, g => g.Average(i => targets[i]), StringComparer.Ordinal);
                    for (var i = half; i < rows.Count; i += 2)
                    {
                        encoded[i] = means.GetValueOrDefault(keys[i] ?? "", mean);
                    }
                }

                return encoded;
            default:
                return null;
        }
    }

    private static double[] Numbers(IReadOnlyList<FeatureRow> rows, int slot)
    {
        var values = rows.Select(r => (double)r.Numbers[slot]).ToArray();
        var present = values.Where(double.IsFinite).ToList();
        var floor = present.Count == 0 ? 0 : present.Min() - 1;
        return [.. values.Select(v => double.IsFinite(v) ? v : floor)];
    }

    /// <summary>The R² of the best straight line through (value, target): the squared correlation.</summary>
    private static double RSquared(double[] x, double[] y)
    {
        var mx = x.Average();
        var my = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }

        return sxx == 0 || syy == 0 ? 0 : sxy * sxy / (sxx * syy);
    }
}
