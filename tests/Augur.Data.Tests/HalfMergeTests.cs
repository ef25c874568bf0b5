using System.Globalization;
using Augur.Data.Inference;
using Augur.Data.Profiling;
using Augur.Data.Schema;

namespace Augur.Data.Tests;

/// <summary>
/// What a file read in two halves merges: each half's column accumulator (pass 1) and profiler (pass 2) must add up to
/// what one reader finds over the whole column.
/// </summary>
public sealed class HalfMergeTests
{
    public static TheoryData<string, string[]> Columns => new()
    {
        { "customer_id", [.. Enumerable.Range(1, 400).Select(i => i.ToString(CultureInfo.InvariantCulture))] },
        { "code", [.. Enumerable.Range(1, 400).Select(i => $"K{i:0000}")] },
        { "code_repeated_across", [.. Enumerable.Range(1, 200).Select(i => $"K{i:0000}"), .. Enumerable.Range(1, 200).Select(i => $"K{i:0000}")] },
        { "answer", [.. Enumerable.Range(0, 400).Select(i => i % 3 == 0 ? "yes" : "no")] },
        { "amount", [.. Enumerable.Range(0, 200).Select(i => "12"), .. Enumerable.Range(0, 200).Select(i => "3,5")] },
        { "day", [.. Enumerable.Range(0, 200).Select(i => $"{1 + (i % 12):00}.01.2024"), .. Enumerable.Range(0, 200).Select(i => $"{13 + (i % 12):00}.01.2024")] },
        { "mixed", [.. Enumerable.Range(0, 399).Select(i => (i % 7).ToString(CultureInfo.InvariantCulture)), "n/a yet"] },
    };

    [Theory]
    [MemberData(nameof(Columns))]
    public void Two_halves_merged_decide_the_type_one_reader_decides(string name, string[] values)
    {
        var whole = Observe(values);
        var first = Observe(values[..(values.Length / 2)]);
        first.Merge(Observe(values[(values.Length / 2)..]));

        Assert.Equal(TypeInference.Decide(name, whole, values.Length), TypeInference.Decide(name, first, values.Length));
        Assert.Equal((whole.NonMissing, whole.Unique, whole.MaxLength, whole.TotalLength), (first.NonMissing, first.Unique, first.MaxLength, first.TotalLength));
        Assert.Equal(whole.Counts.OrderBy(p => p.Key, StringComparer.Ordinal), first.Counts.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Two_halves_profiled_apart_give_the_mean_spread_histogram_and_quantiles_of_the_whole()
    {
        var random = new Random(3);
        var values = Enumerable.Range(0, 30_000).Select(_ => Math.Round(random.NextDouble() * random.NextDouble() * 1000, 2)).ToArray();
        var plan = new ColumnPlan("revenue", ColumnType.Number, ColumnRole.Feature, false, '.', DateFamily.None, values.Min(), values.Max());
        var whole = Profile(plan, values);
        var first = new ColumnProfiler(plan);
        var second = new ColumnProfiler(plan);
        foreach (var (x, i) in values.Select((x, i) => (x, i)))
        {
            (i < 12_000 ? first : second).Observe(x, null);
        }

        first.Merge(second);

        var column = new ColumnAccumulator(false, 1);
        var (expected, actual) = (whole.Build(column, values.Length), first.Build(column, values.Length));
        Assert.Equal(expected.Mean!.Value, actual.Mean!.Value, 9);
        Assert.Equal(expected.Std!.Value, actual.Std!.Value, 9);
        Assert.Equal(expected.Histogram!.Counts, actual.Histogram!.Counts);
        // The quantiles come from a 10,000-value sample either way: both are close to the exact ones.
        var sorted = values.Order().ToArray();
        foreach (var (q, exact) in new[] { (actual.Quantiles!.P25, sorted[7_500]), (actual.Quantiles.P50, sorted[15_000]), (actual.Quantiles.P95, sorted[28_500]) })
        {
            Assert.True(Math.Abs(q - exact) < 0.02 * (values.Max() - values.Min()), $"{q} against {exact}");
        }
    }

    [Theory]
    [InlineData(100, 100)]
    [InlineData(100, 5000)]
    [InlineData(5000, 5000)]
    public void Each_halfs_duplicate_rows_are_found_in_memory_or_from_its_spilled_partitions(int firstMemory, int secondMemory)
    {
        using var first = new DuplicateRows(firstMemory);
        using var second = new DuplicateRows(secondMemory);
        var knownFirst = Enumerable.Range(0, 3000).Count(i => first.Observe(RowHash(i % 1000)));
        var knownSecond = Enumerable.Range(0, 3000).Count(i => second.Observe(RowHash(1000 + (i % 1000))));

        var (shared, lateFirst, lateSecond) = first.ResolveHalves(second, CancellationToken.None);

        Assert.False(shared);
        Assert.Equal((2000, 2000), (knownFirst + lateFirst, knownSecond + lateSecond));
        Assert.All(Enumerable.Range(0, 3000), i => Assert.Equal(i >= 1000, first.IsDuplicate(i)));
        Assert.All(Enumerable.Range(0, 3000), i => Assert.Equal(i >= 1000, second.IsDuplicate(i)));
    }

    [Theory]
    [InlineData(100, 100)]
    [InlineData(5000, 100)]
    [InlineData(5000, 5000)]
    public void A_row_of_the_second_half_that_repeats_one_of_the_first_is_found(int firstMemory, int secondMemory)
    {
        using var first = new DuplicateRows(firstMemory);
        using var second = new DuplicateRows(secondMemory);
        foreach (var i in Enumerable.Range(0, 1000))
        {
            first.Observe(RowHash(i));
            second.Observe(RowHash(i == 700 ? 123 : 1000 + i));
        }

        Assert.True(first.ResolveHalves(second, CancellationToken.None).Shared);
    }

    /// <summary>A well-mixed 128-bit hash, as <see cref="Hashing"/> gives, so that rows spread over the partitions.</summary>
    private static UInt128 RowHash(int row) =>
        new((ulong)(row + 1) * 0x9E3779B97F4A7C15UL, (ulong)(row + 1) * 0xC2B2AE3D27D4EB4FUL);

    private static ColumnAccumulator Observe(IEnumerable<string> values)
    {
        var column = new ColumnAccumulator(allowDecimalComma: true, columnCount: 1);
        foreach (var value in values)
        {
            column.Observe(value);
        }

        return column;
    }

    private static ColumnProfiler Profile(ColumnPlan plan, IEnumerable<double> values)
    {
        var profiler = new ColumnProfiler(plan);
        foreach (var x in values)
        {
            profiler.Observe(x, null);
        }

        return profiler;
    }
}
