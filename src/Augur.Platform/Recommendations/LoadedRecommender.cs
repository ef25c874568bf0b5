using Augur.Recommend.Models;

namespace Augur.Platform.Recommendations;

/// <summary>One recommender version in memory: the fitted model, the catalogue, each customer's purchases and the latest precomputed lists.</summary>
public sealed class LoadedRecommender(RecommenderRun run, Recommender model, Catalogue catalogue, UserLists purchases, UserLists? precomputed)
{
    public Guid RunId { get; } = run.Id;

    public int Version { get; } = run.Version ?? 0;

    public string? BatchKey { get; } = run.BatchKey;

    public DateTime? BatchAt { get; } = run.BatchAt;

    public Recommender Model { get; } = model;

    public Catalogue Catalogue { get; } = catalogue;

    public UserLists Purchases { get; } = purchases;

    public UserLists? Precomputed { get; } = precomputed;
}
