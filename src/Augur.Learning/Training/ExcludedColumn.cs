namespace Augur.Learning.Training;

/// <summary>An input column left out of training, and why (e.g. "alone it predicts the target with AUC 0.999").</summary>
public sealed record ExcludedColumn(string Column, string Reason);
