using Augur.Learning.Features;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Augur.Learning.Explanations;

/// <summary>
/// Which user column each slot of the "Features" vector comes from, so that per-slot contributions can be summed into
/// per-column reason codes: a date's four slots and its missing flag, and every one-hot slot of a category, all count
/// for that one column.
/// </summary>
internal static class SlotColumns
{
    /// <param name="features">The schema after the feature pipeline (it holds the sizes and the one-hot slot names).</param>
    public static string[] Map(FeaturePlan plan, DataViewSchema features)
    {
        var columns = new List<string>();
        // A model hashed its high-cardinality columns exactly when its pipeline made the hashed column.
        var targetEncoding = features.GetColumnOrNull("HashedEncoded") is null;
        foreach (var part in FeaturePipeline.Parts(plan, targetEncoding))
        {
            var size = features[part].Type is VectorDataViewType vector ? vector.Size : 1;
            switch (part)
            {
                case "NumbersFilled" or "NumbersMissing":
                    columns.AddRange(Enumerable.Range(0, size).Select(slot => NumericColumn(plan, slot)));
                    break;
                case "CategoriesEncoded":
                    columns.AddRange(CategoryColumns(plan, features[part], size));
                    break;
                case nameof(FeatureRow.Encoded):
                    columns.AddRange(plan.TargetEncodings.OrderBy(e => e.Slot).Select(e => e.Column));
                    break;
                case "HashedEncoded":
                    columns.AddRange(Enumerable.Repeat(Joined(plan, FeatureEncoding.Hashed), size));
                    break;
                default:
                    columns.AddRange(Enumerable.Repeat(Joined(plan, FeatureEncoding.Text), size));
                    break;
            }
        }

        return [.. columns];
    }

    private static string NumericColumn(FeaturePlan plan, int slot) =>
        plan.Inputs.Where(i => i.Encoding is FeatureEncoding.Numeric or FeatureEncoding.Boolean or FeatureEncoding.Date or FeatureEncoding.DateTime)
            .Last(i => i.Slot <= slot).ReportedName;

    /// <summary>One-hot slots are named by their value, "plan=basic"; the column is the longest input name before an '='.</summary>
    private static IEnumerable<string> CategoryColumns(FeaturePlan plan, DataViewSchema.Column column, int size)
    {
        var oneHot = plan.Inputs.Where(i => i.Encoding == FeatureEncoding.OneHot).Select(i => i.Column.Name).OrderByDescending(n => n.Length).ToList();
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        var hasNames = column.HasSlotNames();
        if (hasNames)
        {
            column.GetSlotNames(ref names);
        }

        var dense = hasNames ? names.DenseValues().Select(n => n.ToString()).ToArray() : [];
        for (var slot = 0; slot < size; slot++)
        {
            var name = slot < dense.Length ? dense[slot] : "";
            yield return oneHot.FirstOrDefault(n => name.StartsWith(n + "=", StringComparison.Ordinal))
                ?? (oneHot.Count == 1 ? oneHot[0] : string.Join(" / ", oneHot));
        }
    }

    /// <summary>Hashed categories and text share one block of slots; with one such column the block is that column's.</summary>
    private static string Joined(FeaturePlan plan, FeatureEncoding encoding) =>
        string.Join(" / ", plan.Inputs.Where(i => i.Encoding == encoding).Select(i => i.Column.Name));
}
