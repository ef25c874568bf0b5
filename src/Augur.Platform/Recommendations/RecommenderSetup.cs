namespace Augur.Platform.Recommendations;

/// <summary>
/// How a run reads its event log and what it fits: the columns (guessed when not given), the weight of each event
/// type, which event type is a purchase (for "exclude purchased"), and the model's settings.
/// </summary>
public sealed record RecommenderSetup(
    string UserColumn,
    string ItemColumn,
    string? TimeColumn,
    string? WeightColumn,
    string? EventColumn,
    IReadOnlyDictionary<string, float> EventWeights,
    string PurchaseEvent,
    IReadOnlyDictionary<string, string> Settings,
    int K);
