namespace Augur.Platform.Recommendations;

/// <summary>
/// A customer's top k. <see cref="Source"/> says where it came from: "precomputed" (the nightly batch), "live"
/// (computed for this request) or "popular" (a customer the model has never met).
/// </summary>
public sealed record RecommendationList(string CustomerId, bool Known, int Version, string Source, DateTime? ComputedAt, IReadOnlyList<Recommendation> Items);
