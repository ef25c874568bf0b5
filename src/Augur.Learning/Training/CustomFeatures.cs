using System.Text.Json.Nodes;
using Augur.Data.Schema;
using Augur.Learning.Features;

namespace Augur.Learning.Training;

/// <summary>
/// Custom features at training time: parses and checks the spec's expressions before anything is trained, computes
/// them on the training rows, decides each one's type from its values, and marks them in the feature plan so that the
/// bundle computes them again from raw rows when it scores.
/// </summary>
internal static class CustomFeatures
{
    /// <summary>A checked custom feature, with the type its values have on the training rows.</summary>
    public sealed record Checked(CustomFeature Feature, FeatureExpression Expression, IReadOnlyList<ColumnSchema> Uses, ColumnSchema Column);

    /// <summary>
    /// Parses every feature and checks its name and the columns it reads against the schema, then computes it on every
    /// row (added to the row under the feature's name) and types it: booleans, numbers or text (categorical).
    /// </summary>
    /// <exception cref="TrainingException">A bad name, a syntax error, an unknown column, or no value on any row.</exception>
    public static List<Checked> Apply(IReadOnlyList<CustomFeature> features, TableSchema schema, string target, List<JsonObject> rows) =>
        [.. Check(features, schema, target).Select(f => Compute(f.Feature, f.Expression, f.Uses, rows))];

    /// <summary>The checks that need no data: names, syntax, and the columns each feature reads.</summary>
    /// <exception cref="TrainingException">A bad name, a syntax error or an unknown column.</exception>
    public static List<(CustomFeature Feature, FeatureExpression Expression, List<ColumnSchema> Uses)> Check(
        IReadOnlyList<CustomFeature> features, TableSchema schema, string target)
    {
        var result = new List<(CustomFeature, FeatureExpression, List<ColumnSchema>)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var feature in features)
        {
            var name = feature.Name?.Trim() ?? "";
            if (name.Length == 0)
            {
                throw new TrainingException($"A custom feature has no name (its expression is: {feature.Expression}).");
            }

            if (schema.Find(name) is not null)
            {
                throw new TrainingException($"The custom feature '{name}' has the name of a column in the data; give it another name.");
            }

            if (!names.Add(name))
            {
                throw new TrainingException($"The custom feature '{name}' is defined twice.");
            }

            var expression = FeatureExpression.Parse(name, feature.Expression ?? "");
            var uses = new List<ColumnSchema>();
            foreach (var column in expression.Columns)
            {
                var found = schema.Find(column)
                    ?? throw new TrainingException(
                        $"The custom feature '{name}' uses the column '{column}' (at position {expression.PositionOf(column)}), which is not in the data. Columns are: {string.Join(", ", schema.Columns.Select(c => c.Name))}.");
                if (string.Equals(found.Name, target, StringComparison.Ordinal))
                {
                    throw new TrainingException($"The custom feature '{name}' uses the target '{target}', which is not known when the model scores.");
                }

                uses.Add(found);
            }

            result.Add((new CustomFeature(name, feature.Expression!), expression, uses));
        }

        return result;
    }

    /// <summary>The plan with each custom feature's input carrying its expression, so that the bundle can compute it.</summary>
    public static FeaturePlan Mark(FeaturePlan plan, IReadOnlyList<Checked> features)
    {
        if (features.Count == 0)
        {
            return plan;
        }

        var byName = features.ToDictionary(f => f.Column.Name, StringComparer.Ordinal);
        return plan with
        {
            Inputs = [.. plan.Inputs.Select(i => byName.TryGetValue(i.Column.Name, out var f) ? i with { Expression = f.Feature.Expression, Uses = f.Uses } : i)],
        };
    }

    private static Checked Compute(CustomFeature feature, FeatureExpression expression, List<ColumnSchema> uses, List<JsonObject> rows)
    {
        int numbers = 0, flags = 0, texts = 0;
        string? failure = null;
        foreach (var row in rows)
        {
            var value = expression.Evaluate(name => row.TryGetPropertyValue(name, out var node) ? node : null, uses, out var failed);
            failure ??= failed;
            switch (value?.GetValueKind())
            {
                case System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False:
                    flags++;
                    break;
                case System.Text.Json.JsonValueKind.Number:
                    numbers++;
                    break;
                case System.Text.Json.JsonValueKind.String:
                    texts++;
                    break;
            }

            row[feature.Name] = value;
        }

        if (numbers + flags + texts == 0)
        {
            throw new TrainingException(
                $"The custom feature '{feature.Name}' has no value on any of the {rows.Count} rows{(failure is null ? " (a column it reads is missing on every row)" : $": {failure}")}. The expression is: {feature.Expression}");
        }

        var type = texts > 0 ? ColumnType.Categorical : numbers > 0 ? ColumnType.Number : ColumnType.Boolean;
        return new Checked(feature, expression, uses, new ColumnSchema(feature.Name, type, Nullable: true, ColumnRole.Feature));
    }
}
