using Augur.Recommend.Metrics;

namespace Augur.Recommend.Tests;

public class RankingMetricsTests
{
    // Ranked 1,2,3,4; relevant 2,4,7: hits at ranks 2 and 4.
    private static readonly int[] Ranked = [1, 2, 3, 4];
    private static readonly HashSet<int> Relevant = [2, 4, 7];

    [Fact]
    public void Precision_divides_the_hits_by_k()
    {
        Assert.Equal(0.5, RankingMetrics.Precision(Ranked, Relevant, 4), 12);
        Assert.Equal(0.4, RankingMetrics.Precision(Ranked, Relevant, 5), 12);
    }

    [Fact]
    public void Recall_divides_the_hits_by_the_relevant_items()
    {
        Assert.Equal(2.0 / 3, RankingMetrics.Recall(Ranked, Relevant, 4), 12);
        Assert.Equal(1.0 / 3, RankingMetrics.Recall(Ranked, Relevant, 2), 12);
    }

    [Fact]
    public void Ndcg_compares_the_discounted_hits_with_the_ideal_order()
    {
        // (1/log2 3 + 1/log2 5) / (1 + 1/log2 3 + 1/log2 4)
        Assert.Equal(0.498189257466, RankingMetrics.Ndcg(Ranked, Relevant, 4), 9);
        Assert.Equal(1.0, RankingMetrics.Ndcg([2, 4, 7], Relevant, 3), 12);
        Assert.Equal(0.0, RankingMetrics.Ndcg([1, 3], Relevant, 2), 12);
    }

    [Fact]
    public void Average_precision_divides_by_the_number_of_relevant_items_not_by_k()
    {
        // (1/2 + 2/4) / 3
        Assert.Equal(1.0 / 3, RankingMetrics.AveragePrecision(Ranked, Relevant, 4), 12);
        // Only the top 2 count: (1/2) / 3.
        Assert.Equal(1.0 / 6, RankingMetrics.AveragePrecision(Ranked, Relevant, 2), 12);
    }

    [Fact]
    public void Coverage_counts_distinct_recommended_items_over_the_catalogue()
    {
        Assert.Equal(0.3, RankingMetrics.Coverage([[1, 2], [2, 3]], 10), 12);
    }

    [Fact]
    public void Novelty_is_the_mean_self_information_of_the_recommended_items()
    {
        // Item 0 was touched by 2 of 4 users (1 bit), item 1 by 1 of 4 (2 bits).
        Assert.Equal(1.5, RankingMetrics.Novelty([[0, 1]], [2, 1], 4), 12);
    }
}
