namespace Augur.Learning.Training;

/// <summary>
/// Permutation importance of one input column: how much the ranking metric worsens (as a loss, so positive means the
/// column helps) when the column's values are shuffled across the validation rows.
/// </summary>
public sealed record FeatureImportance(string Column, double Importance);
