namespace Augur.Recommend.Metrics;

/// <summary>
/// Per-user ranking metrics at k over a ranked list and a set of relevant items. Conventions follow Microsoft's
/// recommenders library: precision divides by k even when fewer items were ranked, and average precision
/// divides by the number of the user's relevant items (not by min(k, |relevant|)).
/// </summary>
public static class RankingMetrics
{
    public static int Hits(IReadOnlyList<int> ranked, IReadOnlySet<int> relevant, int k)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(relevant);
        var hits = 0;
        for (var r = 0; r < Math.Min(k, ranked.Count); r++)
        {
            hits += relevant.Contains(ranked[r]) ? 1 : 0;
        }

        return hits;
    }

    public static double Precision(IReadOnlyList<int> ranked, IReadOnlySet<int> relevant, int k) =>
        (double)Hits(ranked, relevant, k) / k;

    public static double Recall(IReadOnlyList<int> ranked, IReadOnlySet<int> relevant, int k) =>
        relevant.Count == 0 ? 0 : (double)Hits(ranked, relevant, k) / relevant.Count;

    public static double Ndcg(IReadOnlyList<int> ranked, IReadOnlySet<int> relevant, int k)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(relevant);
        var dcg = 0.0;
        for (var r = 0; r < Math.Min(k, ranked.Count); r++)
        {
            dcg += relevant.Contains(ranked[r]) ? 1 / Math.Log2(r + 2) : 0;
        }

        var ideal = 0.0;
        for (var r = 0; r < Math.Min(k, relevant.Count); r++)
        {
            ideal += 1 / Math.Log2(r + 2);
        }

        return ideal == 0 ? 0 : dcg / ideal;
    }

    /// <summary>Σ over hits in the top k of (hits so far / rank), divided by the number of relevant items.</summary>
    public static double AveragePrecision(IReadOnlyList<int> ranked, IReadOnlySet<int> relevant, int k)
    {
        ArgumentNullException.ThrowIfNull(ranked);
        ArgumentNullException.ThrowIfNull(relevant);
        if (relevant.Count == 0)
        {
            return 0;
        }

        var hits = 0;
        var sum = 0.0;
        for (var r = 0; r < Math.Min(k, ranked.Count); r++)
        {
            if (relevant.Contains(ranked[r]))
            {
                hits++;
                sum += (double)hits / (r + 1);
            }
        }

        return sum / relevant.Count;
    }

    /// <summary>Distinct recommended items over the catalogue size.</summary>
    public static double Coverage(IEnumerable<IReadOnlyList<int>> lists, int catalogue)
    {
        ArgumentNullException.ThrowIfNull(lists);
        return catalogue == 0 ? 0 : (double)lists.SelectMany(l => l).Distinct().Count() / catalogue;
    }

    /// <summary>
    /// Mean self-information −log2(p) of the recommended items, p = the share of training users who touched the
    /// item. Higher means less obvious recommendations.
    /// </summary>
    public static double Novelty(IEnumerable<IReadOnlyList<int>> lists, IReadOnlyList<int> usersPerItem, int users)
    {
        ArgumentNullException.ThrowIfNull(lists);
        ArgumentNullException.ThrowIfNull(usersPerItem);
        var sum = 0.0;
        var count = 0;
        foreach (var item in lists.SelectMany(l => l))
        {
            var p = Math.Max(usersPerItem[item], 1) / (double)users;
            sum += -Math.Log2(p);
            count++;
        }

        return count == 0 ? 0 : sum / count;
    }
}
