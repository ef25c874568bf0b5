using System.Globalization;
using System.Text.Json.Nodes;
using Augur.Data.Schema;

namespace Augur.Learning.Features;

/// <summary>
/// Location features: when the inputs hold a latitude and a longitude, each row's position along
/// <see cref="Directions"/> compass directions is added as a feature. Trees split one feature at a time, so on raw
/// coordinates a diagonal boundary (a coastline, a city's edge) takes a staircase of splits; along a few more directions
/// it takes one. On california-housing this cut a boosted model's error by 5 % (docs/benchmarks.md).
/// </summary>
/// <remarks>
/// The features are custom features (<see cref="CustomFeature"/>): expressions over the two columns, so the bundle
/// computes them again from raw rows when it scores. The pair and its features are reported together, under one name,
/// in the importance and the reason codes (<see cref="FeatureInput.Group"/>).
/// </remarks>
internal static class LocationFeatures
{
    /// <summary>Directions 10° apart, leaving out 0° and 90° (the longitude and latitude themselves).</summary>
    public const int Directions = 16;

    private static readonly string[] LatitudeWords = ["lat", "latitude"];
    private static readonly string[] LongitudeWords = ["lon", "lng", "long", "longitude"];

    // "long" is also an ordinary word ("long_term_value"), so it counts only beside a latitude of the same name ("lat"/"long").
    private const string AmbiguousLongitude = "long";

    /// <summary>A latitude column and the longitude column it goes with.</summary>
    public sealed record Pair(string Latitude, string Longitude)
    {
        /// <summary>The name the pair and its features are reported under, e.g. "latitude + longitude".</summary>
        public string Group => $"{Latitude} + {Longitude}";

        /// <summary>The pair's direction features, named "latitude + longitude at 30°".</summary>
        public IEnumerable<CustomFeature> Features() => Enumerable.Range(1, 17).Where(step => step != 9).Select(step =>
        {
            var radians = step * 10 * Math.PI / 180;
            var expression = string.Create(CultureInfo.InvariantCulture, $"[{Longitude}] * {Math.Cos(radians):R} + [{Latitude}] * {Math.Sin(radians):R}");
            return new CustomFeature($"{Group} at {step * 10}°", expression);
        });
    }

    /// <summary>
    /// Pairs of numeric inputs named as a latitude and a longitude ("lat", "Latitude", "pickup_lat" with "pickup_lon")
    /// whose values on <paramref name="rows"/> all lie in range (±90 and ±180) and are not all the same.
    /// </summary>
    public static IReadOnlyList<Pair> Find(IReadOnlyList<ColumnSchema> inputs, IReadOnlyList<JsonObject> rows)
    {
        var numeric = inputs
            .Where(c => c.Type is ColumnType.Number or ColumnType.Integer && !c.Name.Contains('[', StringComparison.Ordinal) && !c.Name.Contains(']', StringComparison.Ordinal))
            .Select(c => (c.Name, Words: Words(c.Name)))
            .ToList();
        var latitudes = numeric.Where(c => c.Words.Any(w => LatitudeWords.Contains(w))).ToList();
        var longitudes = numeric.Where(c => c.Words.Any(w => LongitudeWords.Contains(w))).ToList();
        var pairs = new List<Pair>();
        foreach (var latitude in latitudes)
        {
            // "pickup_lat" goes with "pickup_lon": the same words but the latitude's. A lone pair goes together whatever its
            // other words, unless its longitude is only "long".
            var longitude = longitudes.FirstOrDefault(l => SameApartFrom(latitude.Words, l.Words));
            if (longitude.Name is null && latitudes.Count == 1 && longitudes.Count == 1
                && longitudes[0].Words.Any(w => LongitudeWords.Contains(w) && w != AmbiguousLongitude))
            {
                longitude = longitudes[0];
            }

            if (longitude.Name is not null && longitude.Name != latitude.Name
                && InRange(rows, latitude.Name, 90) && InRange(rows, longitude.Name, 180))
            {
                pairs.Add(new Pair(latitude.Name, longitude.Name));
            }
        }

        return pairs;
    }

    /// <summary>The plan with each pair's columns and features reported under the pair's name.</summary>
    public static FeaturePlan Group(FeaturePlan plan, IReadOnlyList<Pair> pairs)
    {
        var groups = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            // A pair that lost a column (excluded as a leak) keeps its remaining column's own name.
            var names = new[] { pair.Latitude, pair.Longitude }.Concat(pair.Features().Select(f => f.Name)).ToList();
            if (plan.Inputs.Count(i => names.Contains(i.Column.Name)) == names.Count)
            {
                names.ForEach(n => groups[n] = pair.Group);
            }
        }

        return groups.Count == 0
            ? plan
            : plan with { Inputs = [.. plan.Inputs.Select(i => groups.TryGetValue(i.Column.Name, out var group) ? i with { Group = group } : i)] };
    }

    private static bool SameApartFrom(List<string> latitude, List<string> longitude) =>
        latitude.Count == longitude.Count
        && latitude.Zip(longitude).All(w => w.First == w.Second || (LatitudeWords.Contains(w.First) && LongitudeWords.Contains(w.Second)));

    private static bool InRange(IReadOnlyList<JsonObject> rows, string column, double limit)
    {
        double? first = null;
        var varies = false;
        foreach (var row in rows)
        {
            if (!row.TryGetPropertyValue(column, out var node) || FieldReader.IsMissing(node))
            {
                continue;
            }

            if (!FieldReader.TryReadNumber(node!, out var value) || Math.Abs(value) > limit)
            {
                return false;
            }

            varies |= first is { } seen && seen != value;
            first ??= value;
        }

        return varies;
    }

    /// <summary>A column name's words in lower case: "pickupLat" and "pickup_lat" both give [pickup, lat]; "lat1" gives [lat, 1].</summary>
    private static List<string> Words(string name)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var boundary = !char.IsLetterOrDigit(c)
                || (i > 0 && ((char.IsUpper(c) && char.IsLower(name[i - 1])) || (char.IsDigit(c) != char.IsDigit(name[i - 1]))));
            if (boundary && current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }

            if (char.IsLetterOrDigit(c))
            {
                current.Append(char.ToLowerInvariant(c));
            }
        }

        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }

        return words;
    }
}
