namespace Augur.Platform.Serving;

/// <summary>How full this node's model cache is, for the stats view and the benchmarks.</summary>
public sealed record ModelCacheStats(int Models, long EstimatedBytes, long CapacityBytes, long Loads, long Evictions);
