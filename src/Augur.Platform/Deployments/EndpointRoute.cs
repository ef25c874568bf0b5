using Augur.Platform.Models;

namespace Augur.Platform.Deployments;

/// <summary>An endpoint's split with every selector resolved to a version, as a node caches it for the hot path.</summary>
public sealed record EndpointRoute(
    Guid DeploymentId,
    Guid ProjectId,
    string Name,
    string ModelName,
    int Revision,
    IReadOnlyList<RouteTarget> Targets,
    IReadOnlyList<ModelVersion> Shadows,
    double RollbackErrorRate,
    int RollbackMinRequests,
    DateTimeOffset LoadedAt)
{
    /// <summary>
    /// Picks the target for one request. With a request key the choice is a hash of the key, so the same key always
    /// meets the same version while the split stays the same; without one it is random by weight.
    /// </summary>
    public RouteTarget Pick(string? requestKey)
    {
        var total = Targets.Sum(t => t.Weight);
        var point = requestKey is null ? Random.Shared.Next(total) : (int)(Fnv1a(requestKey) % (uint)total);
        foreach (var target in Targets)
        {
            point -= target.Weight;
            if (point < 0)
            {
                return target;
            }
        }

        return Targets[^1];
    }

    // FNV-1a: stable across processes and machines (string.GetHashCode is randomised per process).
    private static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}

/// <summary>One answering arm: the selector as configured ("champion"), its weight, and the version it means now.</summary>
public sealed record RouteTarget(string Version, int Weight, ModelVersion Resolved);
