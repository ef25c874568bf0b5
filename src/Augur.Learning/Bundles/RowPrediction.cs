using System.Text.Json.Nodes;

namespace Augur.Learning.Bundles;

/// <summary>
/// One answer. <see cref="Prediction"/> is the predicted label (classification, as the target's original value:
/// "Yes", 1, true) or the predicted number (regression). Probabilities are keyed by label and are null for regression.
/// </summary>
public sealed record RowPrediction(JsonNode? Prediction, IReadOnlyDictionary<string, double>? Probabilities);
