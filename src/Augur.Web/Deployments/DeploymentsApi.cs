using System.Security.Claims;
using Augur.Platform.Deployments;
using Augur.Platform.Paging;
using Augur.Platform.Serving;
using Augur.Web.Auth;
using Augur.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Augur.Web.Deployments;

/// <summary>Endpoints (deployments): create, split traffic, roll back, delete, live stats, their keys, and predict.</summary>
public static class DeploymentsApi
{
    public static RouteGroupBuilder MapDeploymentsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/projects/{projectId:guid}/endpoints").WithTags("Endpoints");
        group.MapGet("/", ListAsync).WithName("ListEndpoints").WithSummary("The project's endpoints, a page at a time (offset, limit).");
        group.MapPost("/", CreateAsync).WithName("CreateEndpoint")
            .WithSummary("Create an endpoint for a model: one version ({\"version\": \"champion\"}, the default) or a split of targets and shadows. Its versions are loaded and warmed before it answers.");
        group.MapGet("/{endpoint}", GetAsync).WithName("GetEndpoint").WithSummary("One endpoint: its split, shadows, previous split, rollback policy and last automatic rollback.");
        group.MapPut("/{endpoint}/split", UpdateSplitAsync).WithName("UpdateEndpointSplit")
            .WithSummary("Change the traffic split ({\"targets\": [{\"version\": \"champion\", \"weight\": 90}, ...], \"shadows\": [\"v4\"]}) and/or the rollback policy.");
        group.MapPost("/{endpoint}/rollback", RollBackAsync).WithName("RollBackEndpoint").WithSummary("Put back the split from before the last change.");
        group.MapDelete("/{endpoint}", DeleteAsync).WithName("DeleteEndpoint").WithSummary("Delete an endpoint (its keys and logged predictions go with it).");
        group.MapGet("/{endpoint}/stats", StatsAsync).WithName("GetEndpointStats").WithSummary("Requests, errors and p50/p99 latency per target on this node, and the prediction log's counters.");
        group.MapPost("/{endpoint}/predict", PredictAsync)
            .RequireAuthorization(Policies.EndpointCaller)
            .RequireRateLimiting(RateLimits.EndpointPredict)
            .WithName("PredictWithEndpoint")
            .WithSummary("Score rows: {\"rows\": [...]} or an MLflow payload (dataframe_split, dataframe_records, instances, inputs). Each row is answered or gets its own errors. A request key (X-Request-Key header or ?key=) keeps a caller on one version.");

        var keys = api.MapGroup("/projects/{projectId:guid}/endpoint-keys").WithTags("Endpoints");
        keys.MapGet("/", ListKeysAsync).WithName("ListEndpointKeys").WithSummary("The project's endpoint keys (never their secrets), with their last use.");
        keys.MapPost("/", CreateKeyAsync).WithName("CreateEndpointKey")
            .WithSummary("Create a key an application uses to call one endpoint ({\"endpoint\": \"name\"}) or every endpoint of the project. It can do nothing else. The secret is shown once.");
        keys.MapDelete("/{endpointKeyId:guid}", RevokeKeyAsync).WithName("RevokeEndpointKey").WithSummary("Revoke an endpoint key.");
        return api;
    }

    private static async Task<Ok<Page<EndpointResponse>>> ListAsync(Guid projectId, DeploymentService deployments, ClaimsPrincipal user, CancellationToken cancellationToken, int offset = 0, int limit = PageRequest.DefaultLimit) =>
        TypedResults.Ok((await deployments.ListAsync(user.ToCaller(), projectId, new PageRequest(offset, limit), cancellationToken)).Map(EndpointResponse.From));

    private static async Task<Created<EndpointResponse>> CreateAsync(Guid projectId, CreateEndpointRequest request, DeploymentService deployments, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var split = request.Targets is { Count: > 0 } targets
            ? new TrafficSplit(targets, request.Shadows ?? [])
            : TrafficSplit.To(request.Version ?? "champion") with { Shadows = request.Shadows ?? [] };
        var policy = request.RollbackErrorRate is null && request.RollbackMinRequests is null
            ? null
            : new RollbackPolicy(request.RollbackErrorRate ?? 0.5, request.RollbackMinRequests ?? 20);
        var created = await deployments.CreateAsync(user.ToCaller(), projectId, request.Name ?? "", request.Model ?? "", split, policy, cancellationToken);
        return TypedResults.Created($"/api/v1/projects/{projectId}/endpoints/{created.Name}", EndpointResponse.From(created));
    }

    private static async Task<Ok<EndpointResponse>> GetAsync(Guid projectId, string endpoint, DeploymentService deployments, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(EndpointResponse.From(await deployments.GetAsync(user.ToCaller(), projectId, endpoint, cancellationToken)));

    private static async Task<Ok<EndpointResponse>> UpdateSplitAsync(Guid projectId, string endpoint, UpdateSplitRequest request, DeploymentService deployments, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var caller = user.ToCaller();
        var current = await deployments.GetAsync(caller, projectId, endpoint, cancellationToken);
        var split = request.Targets is null && request.Shadows is null
            ? null
            : new TrafficSplit(request.Targets ?? current.Split.Targets, request.Shadows ?? current.Split.Shadows);
        var policy = request.RollbackErrorRate is null && request.RollbackMinRequests is null
            ? null
            : new RollbackPolicy(request.RollbackErrorRate ?? current.RollbackErrorRate, request.RollbackMinRequests ?? current.RollbackMinRequests);
        return TypedResults.Ok(EndpointResponse.From(await deployments.ChangeSplitAsync(caller, projectId, endpoint, split, policy, cancellationToken)));
    }

    private static async Task<Ok<EndpointResponse>> RollBackAsync(Guid projectId, string endpoint, DeploymentService deployments, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(EndpointResponse.From(await deployments.RollBackAsync(user.ToCaller(), projectId, endpoint, cancellationToken)));

    private static async Task<NoContent> DeleteAsync(Guid projectId, string endpoint, DeploymentService deployments, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        await deployments.DeleteAsync(user.ToCaller(), projectId, endpoint, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<EndpointStatsResponse>> StatsAsync(Guid projectId, string endpoint, DeploymentService deployments, ServingStats stats, ModelCache cache, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (deployment, targets) = await deployments.StatsAsync(user.ToCaller(), projectId, endpoint, cancellationToken);
        return TypedResults.Ok(new EndpointStatsResponse(deployment.Name, targets, stats.Logged, stats.LogDropped, stats.LogFailed, stats.ShadowDropped, cache.Stats));
    }

    private static Task<IResult> PredictAsync(Guid projectId, string endpoint, HttpContext context, EndpointPredictionService predictions, CancellationToken cancellationToken) =>
        EndpointPredictHandler.HandleAsync(projectId, endpoint, context, predictions, cancellationToken);

    private static async Task<Ok<List<EndpointKeyResponse>>> ListKeysAsync(Guid projectId, EndpointKeyService keys, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok((await keys.ListAsync(user.ToCaller(), projectId, cancellationToken)).Select(k => EndpointKeyResponse.From(k.Key, k.Endpoint)).ToList());

    private static async Task<Created<CreatedEndpointKeyResponse>> CreateKeyAsync(Guid projectId, CreateEndpointKeyRequest request, EndpointKeyService keys, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var created = await keys.CreateAsync(user.ToCaller(), projectId, request.Name ?? "", request.Endpoint, cancellationToken);
        return TypedResults.Created($"/api/v1/projects/{projectId}/endpoint-keys/{created.Key.Id}",
            new CreatedEndpointKeyResponse(EndpointKeyResponse.From(created.Key, created.EndpointName), created.Secret));
    }

    private static async Task<NoContent> RevokeKeyAsync(Guid projectId, Guid endpointKeyId, EndpointKeyService keys, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        await keys.RevokeAsync(user.ToCaller(), projectId, endpointKeyId, cancellationToken);
        return TypedResults.NoContent();
    }
}
