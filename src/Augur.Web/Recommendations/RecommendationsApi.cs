using System.Security.Claims;
using System.Text.Json;
using Augur.Data;
using Augur.Platform.Recommendations;
using Augur.Recommend.Evaluation;
using Augur.Web.Auth;
using Augur.Web.Deployments;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Augur.Web.Recommendations;

public sealed record RecommenderRunResponse(
    Guid Id,
    Guid EventsDatasetId,
    Guid? CatalogueDatasetId,
    string Model,
    string Status,
    string? Reason,
    int? Version,
    int Attempts,
    int Users,
    int Items,
    long Interactions,
    RecommenderSetup? Setup,
    IReadOnlyList<EvaluationReport>? Reports,
    DateTime? BatchAt,
    int BatchUsers,
    double? BatchSeconds,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt)
{
    public static RecommenderRunResponse From(RecommenderRun r) => new(
        r.Id, r.EventsDatasetId, r.CatalogueDatasetId, r.Model, r.Status.ToString().ToLowerInvariant(), r.Reason, r.Version, r.Attempts,
        r.Users, r.Items, r.Interactions,
        JsonSerializer.Deserialize<RecommenderSetup>(r.SetupJson, AugurJson.Compact),
        r.ReportsJson is null ? null : JsonSerializer.Deserialize<List<EvaluationReport>>(r.ReportsJson, AugurJson.Compact),
        r.BatchAt, r.BatchUsers, r.BatchSeconds, r.CreatedAt, r.StartedAt, r.FinishedAt);
}

public sealed record SetRecommenderAliasRequest(int? Version);

/// <summary>Training recommenders, their versions, and serving a customer's top k and an item's similar items.</summary>
public static class RecommendationsApi
{
    public static RouteGroupBuilder MapRecommendationsApi(this RouteGroupBuilder api)
    {
        var runs = api.MapGroup("/projects/{projectId:guid}/recommenders").WithTags("Recommendations");
        runs.MapPost("/", StartAsync).WithName("StartRecommender")
            .WithSummary("Queue a recommender training run on an event log (and optional item catalogue); it becomes the next version when it succeeds.");
        runs.MapGet("/", ListAsync).WithName("ListRecommenders").WithSummary("The project's recommender runs and versions, newest first, with their validation metrics.");
        runs.MapGet("/{recommenderId:guid}", GetAsync).WithName("GetRecommender").WithSummary("One recommender run with its metrics and its latest precomputed batch.");
        runs.MapGet("/aliases", ListAliasesAsync).WithName("ListRecommenderAliases").WithSummary("The project's recommender aliases (champion, challenger…) and the versions they point at.");
        runs.MapPut("/aliases/{alias}", SetAliasAsync).WithName("SetRecommenderAlias")
            .WithSummary("Point an alias at a version ({\"version\": 3}). Serving answers with the champion; without one, with the newest version.");
        runs.MapDelete("/aliases/{alias}", RemoveAliasAsync).WithName("RemoveRecommenderAlias").WithSummary("Remove an alias (without a champion the newest version answers).");
        runs.MapPost("/rollback", RollBackAsync).WithName("RollBackRecommender")
            .WithSummary("Serve the version from before the last change: the champion goes back to where it pointed before (or to the version before the newest).");
        runs.MapPost("/batch", BatchAsync).WithName("PrecomputeRecommendations").WithSummary("Precompute every active customer's top k now instead of waiting for the nightly batch.");

        // A shop calls these with a serving key (a project-wide endpoint key, "augur_ep_…"); people with their session or key.
        var serve = api.MapGroup("/projects/{projectId:guid}/recommendations").WithTags("Recommendations")
            .RequireAuthorization(Policies.EndpointCaller)
            .RequireRateLimiting(RecommendationRateLimits.Policy);
        serve.MapGet("/{customerId}", RecommendAsync).WithName("Recommend")
            .WithSummary("A customer's top k with a reason per item; purchased items removed unless excludePurchased=false; popular items for unknown customers. Accepts a serving key (a project-wide endpoint key).");
        serve.MapGet("/items/{itemId}/similar", SimilarAsync).WithName("SimilarItems").WithSummary("Items often chosen together with an item. Accepts a serving key.");
        return api;
    }

    private static async Task<Accepted<RecommenderRunResponse>> StartAsync(Guid projectId, StartRecommenderRequest request, RecommenderService recommenders, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var run = await recommenders.StartAsync(user.ToCaller(), projectId, request, cancellationToken);
        return TypedResults.Accepted($"/api/v1/projects/{projectId}/recommenders/{run.Id}", RecommenderRunResponse.From(run));
    }

    private static async Task<Ok<List<RecommenderRunResponse>>> ListAsync(Guid projectId, RecommenderService recommenders, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok((await recommenders.ListAsync(user.ToCaller(), projectId, cancellationToken)).Select(RecommenderRunResponse.From).ToList());

    private static async Task<Ok<RecommenderRunResponse>> GetAsync(Guid projectId, Guid recommenderId, RecommenderService recommenders, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(RecommenderRunResponse.From(await recommenders.GetAsync(user.ToCaller(), projectId, recommenderId, cancellationToken)));

    private static async Task<Ok<IReadOnlyList<RecommenderAliasService.AliasView>>> ListAliasesAsync(Guid projectId, RecommenderAliasService aliases, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await aliases.ListAsync(user.ToCaller(), projectId, cancellationToken));

    private static async Task<Ok<RecommenderAliasService.AliasView>> SetAliasAsync(Guid projectId, string alias, SetRecommenderAliasRequest request, RecommenderAliasService aliases, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await aliases.SetAsync(user.ToCaller(), projectId, alias, request.Version ?? throw new Augur.Platform.PlatformValidationException("version", "Name the version the alias points at, such as {\"version\": 3}."), cancellationToken));

    private static async Task<NoContent> RemoveAliasAsync(Guid projectId, string alias, RecommenderAliasService aliases, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        await aliases.RemoveAsync(user.ToCaller(), projectId, alias, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<RecommenderAliasService.AliasView>> RollBackAsync(Guid projectId, RecommenderAliasService aliases, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await aliases.RollBackAsync(user.ToCaller(), projectId, cancellationToken));

    private static async Task<Accepted> BatchAsync(Guid projectId, RecommenderService recommenders, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        await recommenders.QueueBatchAsync(user.ToCaller(), projectId, cancellationToken);
        return TypedResults.Accepted($"/api/v1/projects/{projectId}/recommenders");
    }

    private static async Task<Ok<RecommendationList>> RecommendAsync(
        Guid projectId, string customerId, RecommendationService recommendations, ClaimsPrincipal user, CancellationToken cancellationToken, int k = 10, bool excludePurchased = true) =>
        TypedResults.Ok(EndpointKeyAuthenticationHandler.IdentityOf(user) is { } key
            ? await recommendations.RecommendAsync(key, projectId, customerId, k, excludePurchased, cancellationToken)
            : await recommendations.RecommendAsync(user.ToCaller(), projectId, customerId, k, excludePurchased, cancellationToken));

    private static async Task<Ok<IReadOnlyList<Recommendation>>> SimilarAsync(
        Guid projectId, string itemId, RecommendationService recommendations, ClaimsPrincipal user, CancellationToken cancellationToken, int k = 10) =>
        TypedResults.Ok(EndpointKeyAuthenticationHandler.IdentityOf(user) is { } key
            ? await recommendations.SimilarAsync(key, projectId, itemId, k, cancellationToken)
            : await recommendations.SimilarAsync(user.ToCaller(), projectId, itemId, k, cancellationToken));
}
