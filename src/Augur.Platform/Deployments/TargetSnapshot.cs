namespace Augur.Platform.Deployments;

/// <summary>One target's counters since this node started: requests, server errors, rejected rows, latency in ms.</summary>
public sealed record TargetSnapshot(string Version, long Requests, long Errors, long RowErrors, double? P50Ms, double? P99Ms);
