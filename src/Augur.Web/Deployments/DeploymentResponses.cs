using Augur.Platform.Deployments;
using Augur.Platform.Serving;

namespace Augur.Web.Deployments;

/// <summary>Create an endpoint: a single version ("champion" by default) or a whole split.</summary>
public sealed record CreateEndpointRequest(
    string Name,
    string Model,
    string? Version = null,
    IReadOnlyList<TrafficTarget>? Targets = null,
    IReadOnlyList<string>? Shadows = null,
    double? RollbackErrorRate = null,
    int? RollbackMinRequests = null);

/// <summary>Change the split and/or the rollback policy; what is left out stays as it is.</summary>
public sealed record UpdateSplitRequest(
    IReadOnlyList<TrafficTarget>? Targets = null,
    IReadOnlyList<string>? Shadows = null,
    double? RollbackErrorRate = null,
    int? RollbackMinRequests = null);

public sealed record EndpointResponse(
    string Name,
    string Model,
    IReadOnlyList<TrafficTarget> Targets,
    IReadOnlyList<string> Shadows,
    IReadOnlyList<TrafficTarget>? PreviousTargets,
    double RollbackErrorRate,
    int RollbackMinRequests,
    int Revision,
    string? LastRollbackReason,
    DateTime? LastRollbackAt,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    string PredictPath)
{
    public static EndpointResponse From(Deployment d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var split = d.Split;
        return new(d.Name, d.ModelName, split.Targets, split.Shadows, d.PreviousSplit?.Targets, d.RollbackErrorRate, d.RollbackMinRequests, d.Revision,
            d.LastRollbackReason, d.LastRollbackAt, d.CreatedAt, d.UpdatedAt, $"/api/v1/projects/{d.ProjectId}/endpoints/{d.Name}/predict");
    }
}

/// <summary>This node's counters for an endpoint (each node counts its own traffic), and the state of its queues and cache.</summary>
public sealed record EndpointStatsResponse(string Name, IReadOnlyList<TargetSnapshot> Targets, long Logged, long LogDropped, long LogFailed, long ShadowDropped, ModelCacheStats Cache);

public sealed record CreateEndpointKeyRequest(string Name, string? Endpoint = null);

public sealed record EndpointKeyResponse(Guid Id, string Name, string Prefix, string? Endpoint, DateTime CreatedAt, DateTime? RevokedAt, DateTime? LastUsedAt)
{
    public static EndpointKeyResponse From(EndpointKey k, string? endpoint)
    {
        ArgumentNullException.ThrowIfNull(k);
        return new(k.Id, k.Name, k.Prefix, endpoint, k.CreatedAt, k.RevokedAt, k.LastUsedAt);
    }
}

/// <summary>The new key's secret appears in this answer only; Augur stores its hash.</summary>
public sealed record CreatedEndpointKeyResponse(EndpointKeyResponse Key, string Secret);
