namespace Augur.Learning.Features;

/// <summary>
/// A feature the spec defines as an expression over columns, e.g. <c>price_per_item: price / quantity</c>. See
/// <see cref="FeatureExpression"/> for the language and docs/automl.md for the rules.
/// </summary>
public sealed record CustomFeature(string Name, string Expression);
