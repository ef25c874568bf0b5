namespace Augur.Recommend.Models;

/// <summary>An item index with its score and, when asked for, a short reason a customer can read.</summary>
public readonly record struct ScoredItem(int Item, float Score)
{
    public string? Reason { get; init; }
}
