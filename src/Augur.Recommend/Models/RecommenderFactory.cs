using System.Globalization;

namespace Augur.Recommend.Models;

/// <summary>Models by name, with optional settings such as <c>lambda=300</c> or <c>factors=128</c>.</summary>
public static class RecommenderFactory
{
    public static IReadOnlyList<string> Names { get; } = ["popularity", "recent-popularity", "cluster-popularity", "sar", "als", "ease"];

    public static Recommender Create(string name, IReadOnlyDictionary<string, string>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        settings ??= new Dictionary<string, string>();
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        double Get(string key, double fallback)
        {
            if (!settings.TryGetValue(key, out var text))
            {
                return fallback;
            }

            used.Add(key);
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new FormatException($"setting '{key}={text}' is not a number.");
        }

        Recommender model = name.ToLowerInvariant() switch
        {
            "popularity" => new PopularityRecommender(),
            "recent-popularity" => new RecentPopularityRecommender(TimeSpan.FromDays(Get("half-life-days", 14))),
            "cluster-popularity" => new ClusterPopularityRecommender { Clusters = (int)Get("clusters", 8), Seed = (int)Get("seed", 42) },
            "sar" => new SarRecommender
            {
                Similarity = settings.TryGetValue("similarity", out var s) && used.Add("similarity")
                    ? Enum.Parse<SarSimilarity>(s, ignoreCase: true)
                    : SarSimilarity.Jaccard,
                HalfLife = TimeSpan.FromDays(Get("half-life-days", 30)),
                Neighbours = (int)Get("neighbours", 1000),
            },
            "als" => new AlsRecommender
            {
                Factors = (int)Get("factors", 64),
                Iterations = (int)Get("iterations", 15),
                Alpha = (float)Get("alpha", 20),
                Regularization = (float)Get("regularization", 100),
                Seed = (int)Get("seed", 42),
            },
            "ease" => new EaseRecommender { Lambda = Get("lambda", 500) },
            _ => throw new ArgumentException($"unknown model '{name}' (choose from {string.Join(", ", Names)}).", nameof(name)),
        };

        var unknown = settings.Keys.Where(key => !used.Contains(key)).ToList();
        return unknown.Count == 0
            ? model
            : throw new ArgumentException($"model '{name}' has no setting {string.Join(", ", unknown.Select(u => $"'{u}'"))}.", nameof(settings));
    }

    /// <summary>Parses <c>lambda=300,factors=64</c>.</summary>
    public static Dictionary<string, string> ParseSettings(string? text)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (pieces.Length != 2)
            {
                throw new FormatException($"setting '{part}' is not NAME=VALUE.");
            }

            settings[pieces[0]] = pieces[1];
        }

        return settings;
    }
}
