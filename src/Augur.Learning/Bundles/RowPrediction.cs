using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Augur.Learning.Bundles;

/// <summary>
/// One answer. <see cref="Prediction"/> is the predicted label (classification, as the target's original value:
/// "Yes", 1, true) or the predicted number (regression). Probabilities are keyed by label and are null for regression.
/// </summary>
public sealed record RowPrediction(JsonNode? Prediction, IReadOnlyDictionary<string, double>? Probabilities)
{
    /// <summary>
    /// The columns that moved this prediction most, strongest first, when reason codes were asked for and the model can
    /// give them (tree and linear models, not multiclass ones); null otherwise, and then left out of JSON answers.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ReasonCode>? Reasons { get; init; }
}
