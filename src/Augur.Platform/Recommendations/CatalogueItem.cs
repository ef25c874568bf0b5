namespace Augur.Platform.Recommendations;

/// <summary>One product of the store's catalogue; every field but the id is optional.</summary>
public sealed record CatalogueItem(string Id, string? Name, string? Category, decimal? Price);
