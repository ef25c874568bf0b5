using Augur.Data.Inference;
using Augur.Data.Profiling;
using Augur.Data.Schema;

namespace Augur.Data.Tests;

/// <summary>The profile's quantiles come from a 10,000-value reservoir sample that must stay uniform over long columns.</summary>
public sealed class ColumnProfilerTests
{
    [Theory]
    [InlineData(1_000_000)]
    [InlineData(20_000)] // twice the sample: had nothing entered it after the first 10,000 values, the median would be 5,000
    public void A_sorted_column_far_longer_than_the_sample_gets_the_quantiles_of_the_whole(int rows)
    {
        // Sorted input shows any bias at once: a sampler that favours early or late values moves every quantile.
        var plan = new ColumnPlan("amount", ColumnType.Number, ColumnRole.Feature, false, '.', DateFamily.None, 0, rows - 1);
        var profiler = new ColumnProfiler(plan);
        for (var i = 0; i < rows; i++)
        {
            profiler.Observe(i, null);
        }

        var quantiles = profiler.Build(new ColumnAccumulator(false, 1), rows).Quantiles!;
        foreach (var (q, share) in new[] { (quantiles.P25, 0.25), (quantiles.P50, 0.5), (quantiles.P95, 0.95) })
        {
            Assert.True(Math.Abs(q - (share * rows)) < 0.015 * rows, $"quantile {share}: {q} of {rows}");
        }
    }
}
