namespace Augur.Platform.Recommendations;

/// <summary>An item in a customer's history: its total event weight and the time of their last event with it.</summary>
public sealed record HistoryEntry(string ItemId, string? Name, string? Category, decimal? Price, float Weight, bool Purchased, DateTime? LastAt);
