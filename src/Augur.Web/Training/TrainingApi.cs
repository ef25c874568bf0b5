using System.Security.Claims;
using System.Text.Json;
using Augur.Data;
using Augur.Learning.Training;
using Augur.Platform;
using Augur.Platform.Paging;
using Augur.Platform.Training;
using Augur.Web.Experiments;
using Augur.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Augur.Web.Training;

public sealed record StartRunRequest(
    Guid DatasetId, string Target, double? BudgetSeconds = null, int? Seed = null, string? ModelName = null, RunPriority? Priority = null,
    int? Parallelism = null, int? MaxTrials = null, IReadOnlyDictionary<string, string>? Features = null, int? EarlyStopping = null,
    MistakeCosts? Costs = null, TaskKind? Task = null, string? Metric = null, string? TimeColumn = null, string? Goal = null, string? Ask = null,
    IReadOnlyList<string>? Ignore = null, int? Folds = null);

/// <summary>For a yes/no target: what a wrong "yes" (false positive) and a missed "yes" (false negative) cost; either defaults to 1.</summary>
public sealed record MistakeCosts(double? FalsePositive = null, double? FalseNegative = null)
{
    public BinaryCosts ToCosts() => BinaryCosts.From(FalsePositive, FalseNegative) ?? new(1, 1);

    public static MistakeCosts? From(BinaryCosts? costs) => costs is null ? null : new(costs.FalsePositive, costs.FalseNegative);
}

public sealed record RunResponse(
    Guid Id,
    Guid DatasetId,
    string Target,
    string ModelName,
    string Status,
    string? Reason,
    double BudgetSeconds,
    int Seed,
    string? Task,
    string? Trainer,
    string? Metric,
    double? MetricValue,
    IReadOnlyDictionary<string, double>? Metrics,
    IReadOnlyDictionary<string, string>? Parameters,
    IReadOnlyList<TrialResult>? Leaderboard,
    int TrialsDone,
    int Attempts,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    double? DurationSeconds,
    int Parallelism,
    int? MaxTrials,
    DateTime? CancelRequestedAt,
    IReadOnlyDictionary<string, string> Features,
    int? EarlyStopping,
    bool StoppedEarly,
    MistakeCosts? Costs,
    TaskKind? RequestedTask,
    string? RequestedMetric,
    string? TimeColumn,
    string? Goal,
    bool? GoalMet,
    IReadOnlyList<string> Ignore,
    int? Folds,
    string? Understood,
    HalvingMode? Halving)
{
    /// <summary>
    /// The run as the API shows it. The leaderboard (up to 100 trials) is there when the run was read with its details
    /// (one run's reply); a list of runs leaves it out (null), since a page of 50 runs would carry up to 5,000 trials that
    /// <c>/runs/{id}/trials</c> pages through anyway.
    /// </summary>
    public static RunResponse From(TrainingRun r) => new(
        r.Id,
        r.DatasetId,
        r.Target,
        r.ModelName,
        r.Status.ToString().ToLowerInvariant(),
        r.Reason,
        r.Budget.TotalSeconds,
        r.Seed,
        r.Task,
        r.Trainer,
        r.Metric,
        r.MetricValue,
        Parse<Dictionary<string, double>>(r.MetricsJson),
        Parse<Dictionary<string, string>>(r.ParametersJson),
        Parse<List<TrialResult>>(r.Details?.LeaderboardJson),
        r.TrialsDone,
        r.Attempts,
        r.CreatedAt,
        r.StartedAt,
        r.FinishedAt,
        r.Duration?.TotalSeconds,
        r.Parallelism,
        r.MaxTrials,
        r.CancelRequestedAt,
        // The same shape as the request's "features": {"name": "expression"}, in the order they were given.
        r.CustomFeatures().ToDictionary(f => f.Name, f => f.Expression, StringComparer.Ordinal),
        r.EarlyStopping,
        r.StoppedEarly,
        MistakeCosts.From(r.Costs()),
        r.RequestedTask,
        r.RequestedMetric,
        r.TimeColumn,
        r.Goal,
        r.GoalMet,
        r.IgnoredColumns(),
        r.Folds,
        r.Understood,
        r.Halving);

    private static T? Parse<T>(string? json) where T : class =>
        json is null ? null : JsonSerializer.Deserialize<T>(json, AugurJson.Options);
}

public static class TrainingApi
{
    public static RouteGroupBuilder MapTrainingApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/projects/{projectId:guid}/runs").WithTags("Training runs");
        group.MapPost("/", StartAsync).WithName("StartRun").AddOpenApiOperationTransformer(DescribeSpecBody).WithSummary("Queue a training run: predict 'target' from the dataset's other columns within the time budget. 'priority' (low, normal, high) orders runs that wait for a worker; 'features' adds custom features, {\"name\": \"expression\"}; 'costs' ({\"falsePositive\": 1, \"falseNegative\": 5}) makes a yes/no model say yes where mistakes are cheapest; 'task' (binary, multiclass, regression), 'metric' and 'timeColumn' override what the search would choose, as augur train's options do; 'goal' (e.g. \"AUC above 0.85\") ranks by its measure and is checked when the run ends; 'ask' is the requirement in plain English (\"predict which customers churn, AUC above 0.85, within 5 minutes\"), which gives the target, goal and budget the request leaves out; 'ignore' lists columns the model must not learn from, e.g. one known only after the outcome; 'folds' (2 to 10) fixes cross-validation's folds. The same settings can be sent as a YAML spec instead (Content-Type: application/yaml), as augur train --spec reads it, with 'data' naming the dataset.");
        // The same resource in YAML: routing picks this endpoint by the request's Content-Type (the JSON one declares
        // application/json). OpenAPI has one operation per path and method, so StartRun's documents both bodies.
        group.MapPost("/", StartFromSpecAsync).Accepts<string>(false, SpecContentTypes[0], SpecContentTypes[1..]).ExcludeFromDescription();
        group.MapGet("/", ListAsync).WithName("ListRuns").WithSummary("The project's training runs, newest first, a page at a time (?offset=&limit=, default 50), without their leaderboards: GET /runs/{runId} has a run's, and /runs/{runId}/trials pages through its trials.");
        group.MapPost("/{runId:guid}/cancel", CancelAsync).WithName("CancelRun").WithSummary("Stop a run: a queued run is cancelled at once; a running one stops its trials on whichever nodes run them, within a few seconds.");
        group.MapGet("/{runId:guid}", GetAsync).WithName("GetRun").WithSummary("One run with its status, metrics, parameters and leaderboard.");
        group.MapGet("/{runId:guid}/spec", SpecAsync).WithName("GetRunSpec").Produces<string>(StatusCodes.Status200OK, SpecContentTypes[0])
            .WithSummary("The run's settings as a YAML spec: POST it to /runs (Content-Type: application/yaml) to queue the same run again, or save it beside the data for augur train --spec. What the run chose by itself (the task, the metric) is left out, so it is chosen again.");
        group.MapGet("/{runId:guid}/report", ReportAsync).WithName("GetRunReport").WithSummary("What a succeeded run found (the report.json of 'augur train'): which columns matter most, for yes/no targets the lift table, and the columns left out and why. 404 until the run has succeeded.");
        return api;
    }

    private static async Task<Accepted<RunResponse>> StartAsync(Guid projectId, StartRunRequest request, TrainingService training, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var budget = request.BudgetSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        var run = await training.StartAsync(user.ToCaller(), projectId, new StartTrainingRequest(request.DatasetId, request.Target, budget, request.Seed, request.ModelName) { Priority = request.Priority ?? RunPriority.Normal, Parallelism = request.Parallelism, MaxTrials = request.MaxTrials, Features = request.Features, EarlyStopping = request.EarlyStopping, Costs = request.Costs?.ToCosts(), Task = request.Task, Metric = request.Metric, TimeColumn = request.TimeColumn, Goal = request.Goal, Ask = request.Ask, Ignore = request.Ignore, Folds = request.Folds }, cancellationToken);
        return TypedResults.Accepted($"/api/v1/projects/{projectId}/runs/{run.Id}", RunResponse.From(run));
    }

    /// <summary>The content types a YAML spec may be sent as (none is registered with IANA; these are the usual ones).</summary>
    private static readonly string[] SpecContentTypes = ["application/yaml", "application/x-yaml", "text/yaml"];

    /// <summary>Adds the YAML spec to StartRun's request body in the OpenAPI document.</summary>
    private static Task DescribeSpecBody(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.RequestBody?.Content is { } content)
        {
            content[SpecContentTypes[0]] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = "A YAML spec, as augur train --spec reads it: 'data' names the dataset (its name, file name or id), and the other settings have this request's names, e.g. 'target: Churn', 'goal: auc > 0.85', 'budget: 5m', 'ignore: [duration]'. A mistake is a 400 naming the line.",
                },
            };
        }

        return Task.CompletedTask;
    }

    /// <summary>A spec is a few lines; anything much longer is not one.</summary>
    private const int MaxSpecCharacters = 64 * 1024;

    private static async Task<Accepted<RunResponse>> StartFromSpecAsync(Guid projectId, HttpRequest http, TrainingService training, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(http.Body);
        var buffer = new char[MaxSpecCharacters + 1];
        var read = await reader.ReadBlockAsync(buffer, cancellationToken);
        if (read > MaxSpecCharacters)
        {
            throw new PlatformValidationException("spec", $"A spec is a few lines of YAML; this one is over {MaxSpecCharacters / 1024} KB.");
        }

        var run = await training.StartFromSpecAsync(user.ToCaller(), projectId, new string(buffer, 0, read), "spec", cancellationToken);
        return TypedResults.Accepted($"/api/v1/projects/{projectId}/runs/{run.Id}", RunResponse.From(run));
    }

    private static async Task<ContentHttpResult> SpecAsync(Guid projectId, Guid runId, TrainingService training, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Text(await training.SpecAsync(user.ToCaller(), projectId, runId, cancellationToken), SpecContentTypes[0], System.Text.Encoding.UTF8);

    private static async Task<Accepted<RunResponse>> CancelAsync(Guid projectId, Guid runId, TrainingService training, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var run = await training.CancelAsync(user.ToCaller(), projectId, runId, cancellationToken);
        return TypedResults.Accepted($"/api/v1/projects/{projectId}/runs/{run.Id}", RunResponse.From(run));
    }

    private static async Task<Ok<Page<RunResponse>>> ListAsync(Guid projectId, TrainingService training, ClaimsPrincipal user, CancellationToken cancellationToken, int? offset = null, int? limit = null) =>
        TypedResults.Ok((await training.ListAsync(user.ToCaller(), projectId, ExperimentsApi.Paged(offset, limit), cancellationToken)).Map(RunResponse.From));

    private static async Task<Ok<TrainingReport>> ReportAsync(Guid projectId, Guid runId, TrainingService training, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (status, report) = await training.ReportAsync(user.ToCaller(), projectId, runId, cancellationToken);
        return TypedResults.Ok(report ?? throw new NotFoundException(status == RunStatus.Succeeded
            ? $"Run '{runId}' finished before reports were kept; train again to get one."
            : $"Run '{runId}' has no report: it is {status.ToString().ToLowerInvariant()}, and only a succeeded run has one."));
    }

    private static async Task<Ok<RunResponse>> GetAsync(Guid projectId, Guid runId, TrainingService training, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(RunResponse.From(await training.GetAsync(user.ToCaller(), projectId, runId, withDetails: true, cancellationToken)));
}
