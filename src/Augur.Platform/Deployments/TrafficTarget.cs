namespace Augur.Platform.Deployments;

/// <summary>One arm of a traffic split: a version selector ("champion", "v3", "latest") and its share of requests.</summary>
public sealed record TrafficTarget(string Version, int Weight);
