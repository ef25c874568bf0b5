namespace Augur.Platform.Recommendations;

/// <summary>One recommended (or similar) item, with what the catalogue knows about it and why it was picked.</summary>
public sealed record Recommendation(string ItemId, string? Name, string? Category, decimal? Price, float Score, string? Reason);
