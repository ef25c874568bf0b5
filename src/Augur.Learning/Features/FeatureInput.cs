using System.Text.Json.Nodes;
using Augur.Data.Schema;

namespace Augur.Learning.Features;

/// <summary>One input column and where its values go: <see cref="Slot"/> is the first index in its vector of <see cref="FeatureRow"/>.</summary>
public sealed record FeatureInput(ColumnSchema Column, FeatureEncoding Encoding, int Slot)
{
    private readonly string? _expression;
    private readonly Lazy<FeatureExpression>? _compiled;

    /// <summary>
    /// For a custom feature, the expression that computes it from the raw row (then <see cref="Column"/> is the
    /// feature, not a table column); null for a table column and in bundles from before custom features.
    /// </summary>
    public string? Expression
    {
        get => _expression;
        init
        {
            _expression = value;
            _compiled = value is null ? null : new Lazy<FeatureExpression>(() => FeatureExpression.Parse(Column.Name, value));
        }
    }

    /// <summary>
    /// The name the importance and the reason codes report this input under when it goes together with others: a
    /// latitude, its longitude and their location features are "latitude + longitude" (<see cref="LocationFeatures"/>).
    /// Null reports it under its own name.
    /// </summary>
    public string? Group { get; init; }

    /// <summary>What the importance and the reason codes call this input: its <see cref="Group"/> or its column.</summary>
    internal string ReportedName => Group ?? Column.Name;

    /// <summary>The table columns a custom feature reads, with the types they are read as.</summary>
    public IReadOnlyList<ColumnSchema> Uses { get; init; } = [];

    /// <summary>A custom feature's value for a raw row (null: missing); see <see cref="FeatureExpression.Evaluate"/>.</summary>
    internal JsonNode? Compute(Func<string, JsonNode?> field) =>
        _compiled is null ? null : _compiled.Value.Evaluate(field, Uses, out _);
}
