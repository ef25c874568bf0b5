namespace Augur.Learning.Search;

/// <summary>
/// Predictions for rows a model did not see: <see cref="Rows"/> are row indices of the training set, and each entry
/// of <see cref="Predictions"/> is, for that row, the positive probability (binary), one probability per label
/// (multiclass) or the predicted value (regression).
/// </summary>
public sealed record OutOfFold(IReadOnlyList<int> Rows, IReadOnlyList<double[]> Predictions);
