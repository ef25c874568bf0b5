using System.Security.Claims;
using Augur.Platform;
using Augur.Platform.Models;
using Augur.Platform.Paging;
using Augur.Platform.Serving;
using Augur.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Augur.Web.Models;

/// <summary>The model registry: models, versions with lineage, aliases (promote and roll back), tags, import and export, and prediction.</summary>
public static class ModelsApi
{
    public static RouteGroupBuilder MapModelsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/projects/{projectId:guid}/models").WithTags("Models");
        group.MapGet("/", ListAsync).WithName("ListModels").WithSummary("The project's registered models, a page at a time (offset, limit), with their newest version and aliases.");
        group.MapGet("/{model}", GetAsync).WithName("GetModel").WithSummary("One registered model with its versions, aliases, tags and description.");
        group.MapPatch("/{model}", DescribeAsync).WithName("DescribeModel").WithSummary("Change a model's description and/or tags (tags replace the old ones).");
        group.MapGet("/{model}/versions/{version}", GetVersionAsync).WithName("GetModelVersion")
            .WithSummary("One version with its lineage (run, trial, dataset and the dataset's content hash). 'version' is a number, 'v3', 'latest' or an alias.");
        group.MapPatch("/{model}/versions/{version:int}", DescribeVersionAsync).WithName("DescribeModelVersion").WithSummary("Change a version's description and/or tags.");
        group.MapGet("/{model}/versions/{version}/report", VersionReportAsync).WithName("GetModelVersionReport")
            .WithSummary("What a version learned (the report.json of 'augur train'): which columns matter most, the lift table for yes/no targets, and the columns left out and why. Imported versions have the report their bundle carries; 404 when there is none.");
        group.MapGet("/{model}/versions/{version}/bundle", ExportAsync).WithName("ExportModelVersion")
            .WithSummary("Download a version's bundle (.augur), to keep or to import into another Augur.");
        group.MapPost("/{model}/versions", ImportAsync).WithName("ImportModelVersion")
            .WithSummary("Upload a bundle (multipart field 'file', optional 'description') as the model's next version; the model is created if needed.")
            .DisableAntiforgery();
        group.MapPut("/{model}/aliases/{alias}", SetAliasAsync).WithName("SetModelAlias")
            .WithSummary("Point an alias such as 'champion' at a version ({\"version\": \"3\"}). Promoting and rolling back to any version are this call.");
        group.MapPost("/{model}/aliases/{alias}/rollback", RollBackAsync).WithName("RollBackModelAlias")
            .WithSummary("Point the alias back at the version it pointed at before its last change.");
        group.MapDelete("/{model}/aliases/{alias}", RemoveAliasAsync).WithName("RemoveModelAlias").WithSummary("Remove an alias.");
        group.MapPost("/{model}/predict", PredictAsync)
            .RequireRateLimiting(Augur.Web.Security.RateLimits.Predict)
            .WithName("Predict")
            .WithSummary("Score JSON rows with a version of the model (?version=: latest by default, a number or an alias). Each answer has the prediction and, for classification, the probability of each class; ?explain=true (or a number, or \"explain\" in the body) adds each row's top reason codes.");
        return api;
    }

    private static async Task<Ok<Page<ModelSummaryResponse>>> ListAsync(Guid projectId, ModelService models, ClaimsPrincipal user, CancellationToken cancellationToken, int offset = 0, int limit = PageRequest.DefaultLimit) =>
        TypedResults.Ok((await models.ListAsync(user.ToCaller(), projectId, new PageRequest(offset, limit), cancellationToken)).Map(ModelSummaryResponse.From));

    private static async Task<Ok<ModelResponse>> GetAsync(Guid projectId, string model, ModelService models, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(ModelResponse.From(await models.GetAsync(user.ToCaller(), projectId, model, cancellationToken)));

    private static async Task<Ok<ModelResponse>> DescribeAsync(Guid projectId, string model, DescribeRequest request, ModelService models, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(ModelResponse.From(await models.DescribeAsync(user.ToCaller(), projectId, model, request.Description, request.Tags, cancellationToken)));

    private static async Task<Ok<ModelVersionResponse>> GetVersionAsync(Guid projectId, string model, string version, ModelService models, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var caller = user.ToCaller();
        var found = await models.GetVersionAsync(caller, projectId, model, VersionSelector.Parse(version), cancellationToken);
        var registered = await models.GetAsync(caller, projectId, model, cancellationToken);
        return TypedResults.Ok(ModelVersionResponse.From(found, registered.Aliases));
    }

    private static async Task<Ok<ModelVersionResponse>> DescribeVersionAsync(Guid projectId, string model, int version, DescribeRequest request, ModelService models, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var caller = user.ToCaller();
        var found = await models.DescribeVersionAsync(caller, projectId, model, version, request.Description, request.Tags, cancellationToken);
        var registered = await models.GetAsync(caller, projectId, model, cancellationToken);
        return TypedResults.Ok(ModelVersionResponse.From(found, registered.Aliases));
    }

    private static async Task<Ok<Augur.Learning.Training.TrainingReport>> VersionReportAsync(Guid projectId, string model, string version, ModelService models, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (found, report) = await models.ReportAsync(user.ToCaller(), projectId, model, VersionSelector.Parse(version), cancellationToken);
        return TypedResults.Ok(report ?? throw new NotFoundException($"Version {found.Version} of '{model}' has no report: it was made before Augur kept reports with its models."));
    }

    private static async Task<FileStreamHttpResult> ExportAsync(Guid projectId, string model, string version, ModelService models, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (found, content) = await models.ExportAsync(user.ToCaller(), projectId, model, VersionSelector.Parse(version), cancellationToken);
        return TypedResults.File(content, "application/zip", $"{model}-v{found.Version}.augur");
    }

    private static async Task<Created<ModelVersionResponse>> ImportAsync(Guid projectId, string model, IFormFile file, ModelService models, ClaimsPrincipal user, CancellationToken cancellationToken, [Microsoft.AspNetCore.Mvc.FromForm] string? description = null)
    {
        if (file.Length == 0)
        {
            throw new PlatformValidationException("file", $"{file.FileName}: the file is empty.");
        }

        await using var content = file.OpenReadStream();
        var version = await models.ImportAsync(user.ToCaller(), projectId, model, content, description, cancellationToken);
        return TypedResults.Created($"/api/v1/projects/{projectId}/models/{model}/versions/{version.Version}", ModelVersionResponse.From(version, []));
    }

    private static async Task<Ok<AliasResponse>> SetAliasAsync(Guid projectId, string model, string alias, SetAliasRequest request, ModelService models, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Version))
        {
            throw new PlatformValidationException("version", "Say which version the alias points at, e.g. {\"version\": \"3\"}.");
        }

        var caller = user.ToCaller();
        var result = await models.SetAliasAsync(caller, projectId, model, alias, VersionSelector.Parse(request.Version), cancellationToken);
        return TypedResults.Ok(AliasResponse.From(result, (await models.GetAsync(caller, projectId, model, cancellationToken)).Versions));
    }

    private static async Task<Ok<AliasResponse>> RollBackAsync(Guid projectId, string model, string alias, ModelService models, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var caller = user.ToCaller();
        var result = await models.RollBackAliasAsync(caller, projectId, model, alias, cancellationToken);
        return TypedResults.Ok(AliasResponse.From(result, (await models.GetAsync(caller, projectId, model, cancellationToken)).Versions));
    }

    private static async Task<NoContent> RemoveAliasAsync(Guid projectId, string model, string alias, ModelService models, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        await models.RemoveAliasAsync(user.ToCaller(), projectId, model, alias, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<PredictResponse>> PredictAsync(Guid projectId, string model, PredictRequest request, PredictionService predictions, ClaimsPrincipal user, CancellationToken cancellationToken, string? version = null, string? explain = null)
    {
        var reasons = Explain.Reasons(explain, request.Explain);
        var result = await predictions.PredictAsync(user.ToCaller(), projectId, model, VersionSelector.Parse(version), request.Rows ?? [], reasons, cancellationToken);
        return TypedResults.Ok(new PredictResponse(result.Model, result.Version, result.Predictions, result.Warnings));
    }
}
