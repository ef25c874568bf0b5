using Augur.Data.Schema;
using Augur.Learning.Training;

namespace Augur.Learning.Features;

/// <summary>
/// A feature the spec defines as an expression over columns, e.g. <c>price_per_item: price / quantity</c>. See
/// <see cref="FeatureExpression"/> for the language and docs/automl.md for the rules.
/// </summary>
public sealed record CustomFeature(string Name, string Expression)
{
    /// <summary>
    /// The checks that need no rows (names, syntax, the columns read), for callers that queue training for later; the
    /// rest (a feature with no value on any row) is checked when training starts.
    /// </summary>
    /// <exception cref="TrainingException">The first problem, naming the feature and the column or position.</exception>
    public static void Validate(IReadOnlyList<CustomFeature> features, TableSchema schema, string target)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(schema);
        CustomFeatures.Check(features, schema, target);
    }
}
