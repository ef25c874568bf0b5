namespace Augur.Data.Profiling;

/// <summary>The 5th, 25th, 50th, 75th and 95th percentiles of a numeric column.</summary>
public sealed record Quantiles(double P05, double P25, double P50, double P75, double P95)
{
    public const int SampleSize = 10_000;
}
