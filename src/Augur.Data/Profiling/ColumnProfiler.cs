using Augur.Data.Inference;

namespace Augur.Data.Profiling;

/// <summary>Pass-2 statistics for one column: missing count, Welford mean/variance, a fixed-range histogram, date range.</summary>
internal sealed class ColumnProfiler(ColumnPlan plan)
{
    public const int Bins = 20;
    private const int TopValues = 10;

    private readonly long[] bins = new long[Bins];
    private long missing;
    private long count;
    private double mean;
    private double m2;
    private string? minIso;
    private string? maxIso;

    public void ObserveMissing() => missing++;

    public void Observe(double? number, string? iso)
    {
        if (number is { } x)
        {
            count++;
            var delta = x - mean;
            mean += delta / count;
            m2 += delta * (x - mean);
            var width = (plan.Max - plan.Min) / Bins;
            var bin = width > 0 ? (int)((x - plan.Min) / width) : 0;
            bins[Math.Clamp(bin, 0, Bins - 1)]++;
        }

        if (iso is not null)
        {
            if (minIso is null || string.CompareOrdinal(iso, minIso) < 0)
            {
                minIso = iso;
            }

            if (maxIso is null || string.CompareOrdinal(iso, maxIso) > 0)
            {
                maxIso = iso;
            }
        }
    }

    public ColumnProfile Build(ColumnAccumulator column, long rows)
    {
        var top = column.Counts
            .OrderByDescending(p => p.Value)
            .ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take(TopValues)
            .Select(p => new ValueCount(p.Key, p.Value))
            .ToList();
        var numeric = plan.IsNumeric && count > 0;
        return new ColumnProfile(
            plan.Name,
            plan.Type,
            missing,
            rows == 0 ? 0 : (double)missing / rows,
            column.Counts.Count,
            column.DistinctCapped,
            numeric ? plan.Min : minIso,
            numeric ? plan.Max : maxIso,
            numeric ? mean : null,
            numeric ? (count > 1 ? Math.Sqrt(m2 / (count - 1)) : 0) : null,
            top,
            numeric ? new Histogram(plan.Min, plan.Max, bins) : null);
    }
}
