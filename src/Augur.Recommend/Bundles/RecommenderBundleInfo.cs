namespace Augur.Recommend.Bundles;

/// <summary>What a bundle says about itself: the model, its settings, the columns it was trained on, and when.</summary>
public sealed record RecommenderBundleInfo(
    string Model,
    IReadOnlyDictionary<string, string> Settings,
    string UserColumn,
    string ItemColumn,
    string? TimeColumn,
    string? WeightColumn,
    DateTimeOffset TrainedAt,
    long Interactions);
