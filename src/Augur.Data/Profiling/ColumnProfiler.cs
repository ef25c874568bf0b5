using System.Runtime.CompilerServices;
using Augur.Data.Inference;

namespace Augur.Data.Profiling;

/// <summary>
/// Pass-2 statistics for one column: missing count, Welford mean/variance, a fixed-range histogram, date range, and a
/// seeded reservoir sample (bounded memory) for quantiles and outliers.
/// </summary>
internal sealed class ColumnProfiler(ColumnPlan plan)
{
    public const int Bins = 20;
    private const int TopValues = 10;

    private readonly long[] bins = new long[Bins];
    private readonly List<double> sample = [];
    private readonly Random random = new(17);
    private double weight; // the sample's Algorithm L weight, once full
    private long nextIn; // the count at which the next value replaces one in the full sample
    private long missing;
    private long count;
    private double mean;
    private double m2;
    private string? minIso;
    private string? maxIso;

    public void ObserveMissing() => missing++;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
            if (sample.Count < Quantiles.SampleSize)
            {
                sample.Add(x);
                if (sample.Count == Quantiles.SampleSize)
                {
                    (weight, nextIn) = (1, count);
                    SkipAhead();
                }
            }
            else if (count == nextIn)
            {
                sample[random.Next(Quantiles.SampleSize)] = x;
                SkipAhead();
            }
        }

        Widen(iso, iso);
    }

    /// <summary>
    /// Adds the statistics of the rows after this profiler's (the second half of a file split for two threads): counts,
    /// histogram and date range exactly, mean and variance by Chan's pairwise formula (equal to one pass up to
    /// rounding), and the quantile sample as a draw from both samples in proportion to their rows.
    /// </summary>
    public void Merge(ColumnProfiler later)
    {
        missing += later.missing;
        for (var b = 0; b < Bins; b++)
        {
            bins[b] += later.bins[b];
        }

        Widen(later.minIso, later.maxIso);

        var total = count + later.count;
        if (later.count == 0)
        {
            return;
        }

        var delta = later.mean - mean;
        m2 += later.m2 + (delta * delta * count * later.count / total);
        mean += delta * later.count / total;
        if (total <= Quantiles.SampleSize)
        {
            sample.AddRange(later.sample); // both samples are whole: every value so far
        }
        else
        {
            var fromThis = (int)Math.Round((double)Quantiles.SampleSize * count / total);
            var merged = Draw(sample, fromThis);
            merged.AddRange(Draw(later.sample, Quantiles.SampleSize - fromThis));
            sample.Clear();
            sample.AddRange(merged);
        }

        count = total;
    }

    /// <summary>Stretches the date range to take in <paramref name="low"/> and <paramref name="high"/> (ISO text, so ordinal order is time order).</summary>
    private void Widen(string? low, string? high)
    {
        if (low is not null && (minIso is null || string.CompareOrdinal(low, minIso) < 0))
        {
            minIso = low;
        }

        if (high is not null && (maxIso is null || string.CompareOrdinal(high, maxIso) > 0))
        {
            maxIso = high;
        }
    }

    /// <summary>
    /// Reservoir sampling by Li's Algorithm L: draws how many values pass before the next one enters the full sample,
    /// rather than one random number per value (Algorithm R, which cost 1.5 % of a large ingest). Equally uniform.
    /// </summary>
    private void SkipAhead()
    {
        weight *= Math.Exp(Math.Log(1 - random.NextDouble()) / Quantiles.SampleSize);
        var skip = Math.Floor(Math.Log(1 - random.NextDouble()) / Math.Log(1 - weight));
        nextIn += (long)(double.IsNaN(skip) ? 0 : Math.Clamp(skip, 0, 1e15)) + 1;
    }

    /// <summary><paramref name="n"/> values drawn without replacement (seeded, so the profile is the same every time).</summary>
    private List<double> Draw(List<double> values, int n)
    {
        var copy = values.ToArray();
        n = Math.Min(n, copy.Length);
        for (var i = 0; i < n; i++)
        {
            var j = i + random.Next(copy.Length - i);
            (copy[i], copy[j]) = (copy[j], copy[i]);
        }

        return [.. copy.AsSpan(0, n)];
    }

    public ColumnProfile Build(ColumnAccumulator column, long rows)
    {
        var counts = Fold(column.Counts, plan.Merges);
        var top = counts
            .OrderByDescending(p => p.Value)
            .ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take(TopValues)
            .Select(p => new ValueCount(p.Key, p.Value))
            .ToList();
        var numeric = plan.IsNumeric && count > 0;
        var quantiles = numeric ? ComputeQuantiles() : null;
        long? outliers = quantiles is null ? null : EstimateOutliers(quantiles);
        var flags = new List<string>();
        if (counts.Count == 1 && !column.DistinctCapped)
        {
            flags.Add("constant");
        }

        if (plan.Type == Schema.ColumnType.Identifier || (column.Unique && column.NonMissing >= TypeInference.MinIdentifierRows))
        {
            flags.Add("likelyIdentifier");
        }

        if (outliers > 0)
        {
            flags.Add("outliers");
        }

        if (rows > 0 && missing * 2 > rows)
        {
            flags.Add("mostlyMissing");
        }

        return new ColumnProfile(
            plan.Name,
            plan.Type,
            missing,
            rows == 0 ? 0 : (double)missing / rows,
            counts.Count,
            column.DistinctCapped,
            numeric ? plan.Min : minIso,
            numeric ? plan.Max : maxIso,
            numeric ? mean : null,
            numeric ? (count > 1 ? Math.Sqrt(m2 / (count - 1)) : 0) : null,
            top,
            numeric ? new Histogram(plan.Min, plan.Max, bins) : null,
            quantiles,
            outliers,
            flags);
    }

    private static Dictionary<string, long> Fold(Dictionary<string, long> counts, IReadOnlyDictionary<string, string>? merges)
    {
        if (merges is null)
        {
            return counts;
        }

        var folded = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (value, n) in counts)
        {
            var key = merges.TryGetValue(value, out var target) ? target : value;
            folded[key] = folded.GetValueOrDefault(key) + n;
        }

        return folded;
    }

    private Quantiles ComputeQuantiles()
    {
        sample.Sort();
        return new Quantiles(At(0.05), At(0.25), At(0.5), At(0.75), At(0.95));
    }

    private double At(double q)
    {
        // Linear interpolation between closest ranks, as numpy's default does.
        var position = q * (sample.Count - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sample.Count - 1);
        return sample[low] + ((position - low) * (sample[high] - sample[low]));
    }

    private long EstimateOutliers(Quantiles q)
    {
        var iqr = q.P75 - q.P25;
        var (low, high) = (q.P25 - (1.5 * iqr), q.P75 + (1.5 * iqr));
        var inSample = sample.Count(x => x < low || x > high);
        return sample.Count == count ? inSample : (long)Math.Round((double)inSample / sample.Count * count);
    }
}
