using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Augur.Platform.Database;

/// <summary>Stores a tag dictionary as one JSON column: tags are read with their owner and never queried on their own.</summary>
internal static class TagsJson
{
    public static readonly ValueConverter<Dictionary<string, string>, string> Converter = new(
        tags => JsonSerializer.Serialize(tags, (JsonSerializerOptions?)null),
        json => JsonSerializer.Deserialize<Dictionary<string, string>>(json, (JsonSerializerOptions?)null) ?? new Dictionary<string, string>());

    public static readonly ValueComparer<Dictionary<string, string>> Comparer = new(
        (a, b) => a!.Count == b!.Count && !a.Except(b).Any(),
        tags => tags.Aggregate(0, (hash, pair) => HashCode.Combine(hash, pair.Key, pair.Value)),
        tags => new Dictionary<string, string>(tags));
}
