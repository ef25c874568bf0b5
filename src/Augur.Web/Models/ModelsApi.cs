using System.Security.Claims;
using System.Text.Json.Nodes;
using Augur.Learning.Bundles;
using Augur.Platform.Models;
using Augur.Platform.Serving;
using Augur.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Augur.Web.Models;

public sealed record ModelVersionResponse(int Version, Guid RunId, Guid DatasetId, string Task, string Target, string Trainer, string Metric, double MetricValue, DateTime CreatedAt);

public sealed record ModelResponse(string Name, int? LatestVersion, IReadOnlyList<ModelVersionResponse> Versions, DateTime CreatedAt)
{
    public static ModelResponse From(RegisteredModel m)
    {
        var versions = m.Versions.OrderByDescending(v => v.Version)
            .Select(v => new ModelVersionResponse(v.Version, v.RunId, v.DatasetId, v.Task, v.Target, v.Trainer, v.Metric, v.MetricValue, v.CreatedAt))
            .ToList();
        return new ModelResponse(m.Name, versions.FirstOrDefault()?.Version, versions, m.CreatedAt);
    }
}

public sealed record PredictRequest(List<JsonObject> Rows);

public sealed record PredictResponse(string Model, int Version, IReadOnlyList<RowPrediction> Predictions, IReadOnlyList<string> Warnings);

public static class ModelsApi
{
    public static RouteGroupBuilder MapModelsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/projects/{projectId:guid}/models").WithTags("Models");
        group.MapGet("/", ListAsync).WithName("ListModels").WithSummary("The project's registered models with their versions.");
        group.MapGet("/{model}", GetAsync).WithName("GetModel").WithSummary("One registered model with its versions.");
        group.MapPost("/{model}/predict", PredictAsync)
            .RequireRateLimiting(Augur.Web.Security.RateLimits.Predict)
            .WithName("Predict")
            .WithSummary("Score JSON rows with the model's latest version. Each answer has the prediction and, for classification, the probability of each class.");
        return api;
    }

    private static async Task<Ok<List<ModelResponse>>> ListAsync(Guid projectId, ModelService models, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok((await models.ListAsync(user.ToCaller(), projectId, cancellationToken)).Select(ModelResponse.From).ToList());

    private static async Task<Ok<ModelResponse>> GetAsync(Guid projectId, string model, ModelService models, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(ModelResponse.From(await models.GetAsync(user.ToCaller(), projectId, model, cancellationToken)));

    private static async Task<Ok<PredictResponse>> PredictAsync(Guid projectId, string model, PredictRequest request, PredictionService predictions, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var result = await predictions.PredictAsync(user.ToCaller(), projectId, model, request.Rows ?? [], cancellationToken);
        return TypedResults.Ok(new PredictResponse(result.Model, result.Version, result.Predictions, result.Warnings));
    }
}
