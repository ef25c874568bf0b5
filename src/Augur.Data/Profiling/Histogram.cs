namespace Augur.Data.Profiling;

/// <summary>Equal-width bins from <see cref="Min"/> to <see cref="Max"/>; the last bin includes <see cref="Max"/>.</summary>
public sealed record Histogram(double Min, double Max, IReadOnlyList<long> Counts);
