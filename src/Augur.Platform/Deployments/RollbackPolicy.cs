namespace Augur.Platform.Deployments;

/// <summary>When to take a target out of traffic: above <see cref="ErrorRate"/> (0 to 1) of at least <see cref="MinRequests"/> requests in the window.</summary>
public sealed record RollbackPolicy(double ErrorRate, int MinRequests);
