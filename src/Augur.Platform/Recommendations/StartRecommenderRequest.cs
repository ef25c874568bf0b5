namespace Augur.Platform.Recommendations;

/// <summary>
/// What a person asks for: learn from this event log (and optionally this item catalogue). Columns are guessed from
/// the header when omitted; event weights default to view=1, cart=3, purchase=5.
/// </summary>
public sealed record StartRecommenderRequest(
    Guid EventsDatasetId,
    Guid? CatalogueDatasetId = null,
    string? Model = null,
    IReadOnlyDictionary<string, float>? EventWeights = null,
    string? UserColumn = null,
    string? ItemColumn = null,
    string? TimeColumn = null,
    string? WeightColumn = null,
    string? EventColumn = null,
    string? PurchaseEvent = null,
    IReadOnlyDictionary<string, string>? Settings = null);
