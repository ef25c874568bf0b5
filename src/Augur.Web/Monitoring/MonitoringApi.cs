using System.Security.Claims;
using Augur.Platform.Monitoring;
using Augur.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Augur.Web.Monitoring;

/// <summary>An alert as the API shows it.</summary>
public sealed record AlertResponse(Guid Id, string Kind, string Endpoint, string? Model, int Version, string Message, DateTime RaisedAt, DateTime? DismissedAt, bool Open,
    DateTime? NotifiedAt, string? NotificationError)
{
    public static AlertResponse From(Alert a) =>
        new(a.Id, System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(a.Kind.ToString()), a.Endpoint, a.ModelName, a.Version, a.Message, a.RaisedAt, a.DismissedAt, a.IsOpen,
            a.NotifiedAt, a.NotificationError);
}

/// <summary>Where a project's alerts are posted: a webhook address.</summary>
public sealed record SetWebhookRequest(string? Url);

/// <summary>The webhook's host (never its address, a secret); null when alerts are posted nowhere.</summary>
public sealed record WebhookResponse(string? Host);

/// <summary>Whether the webhook took a test message, and why not.</summary>
public sealed record WebhookTestResponse(bool Sent, string? Error);

/// <summary>Outcomes of an endpoint's predictions, sent back by its caller.</summary>
public sealed record SendOutcomesRequest(IReadOnlyList<SentOutcome>? Outcomes);

/// <summary>Which dataset, with the outcomes known now, to measure a model version on.</summary>
public sealed record StartCheckRequest(Guid DatasetId);

/// <summary>A model version measured on data whose outcomes are known, against training; <c>sentence</c> says it in words.</summary>
public sealed record AccuracyCheckResponse(
    Guid Id, string Model, int Version, Guid DatasetId, string DatasetName, int Rows, int LeftOut, string Metric, double Value, double TrainedValue,
    IReadOnlyDictionary<string, double> Metrics, string Verdict, string Sentence, DateTime CheckedAt)
{
    public static AccuracyCheckResponse From(AccuracyCheck c) => new(
        c.Id, c.ModelName, c.Version, c.DatasetId, c.DatasetName, c.Rows, c.LeftOut, c.Metric, c.Value, c.TrainedValue,
        System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, double>>(c.MetricsJson) ?? [],
        System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(c.Verdict.ToString()),
        AccuracyComparison.Describe(c, Components.Projects.Friendly.MetricName(c.Metric)), c.CheckedAt);
}

public static class MonitoringApi
{
    public static RouteGroupBuilder MapMonitoringApi(this RouteGroupBuilder api)
    {
        api.MapGet("/projects/{projectId:guid}/endpoints/{endpoint}/drift", DriftAsync).WithTags("Monitoring").WithName("GetEndpointDrift")
            .WithSummary("Whether the endpoint's recent inputs (its logged predictions within Augur:Monitoring:Window, 7 days by default) look like the data each answering version was trained on: per column, the population stability index (under 0.1 stable, from 0.25 changed a lot), its shares of values then and now, and a sentence; the columns that changed most first, then those the model relies on most. 'enough' is false below Augur:Monitoring:MinPredictions logged predictions.");
        api.MapGet("/projects/{projectId:guid}/scoring/{jobId:guid}/drift", ScoredFileDriftAsync).WithTags("Monitoring").WithName("GetScoredFileDrift")
            .WithSummary("Whether a file scored in batch looks like the data its model version was trained on: the same report as an endpoint's drift, over the file's first rows (Augur:Monitoring:MaxPredictions), read as the model reads them.");
        var alerts = api.MapGroup("/projects/{projectId:guid}/alerts").WithTags("Monitoring");
        alerts.MapGet("/", ListAsync).WithName("ListAlerts")
            .WithSummary("The project's alerts, open ones first (?includeDismissed=true adds the dismissed ones). The regular check raises one when an endpoint's inputs changed a lot since its version was trained (drift) or a version is much worse on the outcomes sent back (liveAccuracy); a check on uploaded data raises one when a served version is much worse on it (accuracy).");
        alerts.MapPost("/{alertId:guid}/dismiss", DismissAsync).WithName("DismissAlert").WithSummary("Close an alert once someone has looked at it (editors).");
        alerts.MapGet("/webhook", WebhookAsync).WithName("GetAlertWebhook").WithSummary("Where the project's alerts are posted: the webhook's host, never its address (a secret); null for nowhere.");
        alerts.MapPut("/webhook", SetWebhookAsync).WithName("SetAlertWebhook")
            .WithSummary("Post the project's alerts to a webhook as they are raised (owners): {\"url\": \"https://hooks.slack.com/…\"}. The post is Slack's {\"text\": …} plus the alert's fields; https to public addresses only, unless Augur:Monitoring:AllowPrivateWebhooks. The address is stored encrypted and never shown again, only its host.");
        alerts.MapDelete("/webhook", RemoveWebhookAsync).WithName("RemoveAlertWebhook").WithSummary("Stop posting the project's alerts (owners).");
        alerts.MapPost("/webhook/test", TestWebhookAsync).WithName("TestAlertWebhook").WithSummary("Post a test message to the project's webhook now, and say whether it was taken (owners).");
        var checks = api.MapGroup("/projects/{projectId:guid}/models/{model}").WithTags("Monitoring");
        checks.MapPost("/versions/{version}/checks", CheckAsync).WithName("CheckModelVersion")
            .WithSummary("Is the model still right? Scores a version ('latest', 'v3', 3 or an alias) on a dataset of the project that holds the model's target column (newer customers whose outcome is known by now), with the same measures as in training at the model's own cut, and compares the one it was ranked by with training: verdict better, asGood (within 5%), littleWorse or muchWorse (worse by more than 15%; for AUC, of its distance from 0.5). Editors; the check is kept.");
        checks.MapGet("/checks", ListChecksAsync).WithName("ListModelChecks").WithSummary("A model's checks on data with known outcomes, newest first.");
        var endpoints = api.MapGroup("/projects/{projectId:guid}/endpoints/{endpoint}").WithTags("Monitoring");
        endpoints.MapPost("/outcomes", SendOutcomesAsync)
            .RequireAuthorization(Policies.EndpointCaller)
            .RequireRateLimiting(Security.RateLimits.EndpointOutcomes)
            .WithName("SendOutcomes")
            .WithSummary("What really happened to predictions the endpoint gave: {\"outcomes\": [{\"predictionId\": …, \"outcome\": \"Yes\"}]} (up to 1,000), by the predictionId that came with each answer the log kept (Augur:Serving:LogSampleRate of requests). The same callers as predict (an endpoint key, or an editor). Answers how many were kept and the ids that match no kept prediction.");
        endpoints.MapGet("/accuracy", LiveAccuracyAsync).WithName("GetEndpointAccuracy")
            .WithSummary("How right each version was on the outcomes sent back within Augur:Monitoring:Window: the measure it was ranked by against training, and a verdict (better, asGood, littleWorse, muchWorse) once Augur:Monitoring:MinOutcomes outcomes are in.");
        return api;
    }

    private static async Task<Ok<OutcomesKept>> SendOutcomesAsync(Guid projectId, string endpoint, SendOutcomesRequest request, LiveAccuracyService accuracy, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var key = Deployments.EndpointKeyAuthenticationHandler.IdentityOf(user);
        return TypedResults.Ok(await accuracy.RecordAsync(key is null ? user.ToCaller() : null, key, projectId, endpoint, request.Outcomes ?? [], cancellationToken));
    }

    private static async Task<Ok<IReadOnlyList<LiveAccuracy>>> LiveAccuracyAsync(Guid projectId, string endpoint, LiveAccuracyService accuracy, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await accuracy.AccuracyAsync(user.ToCaller(), projectId, endpoint, cancellationToken));

    private static async Task<Created<AccuracyCheckResponse>> CheckAsync(Guid projectId, string model, string version, StartCheckRequest request, AccuracyCheckService checks, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var check = await checks.CheckAsync(user.ToCaller(), projectId, model, Augur.Platform.Models.VersionSelector.Parse(version), request.DatasetId, cancellationToken);
        return TypedResults.Created($"/api/v1/projects/{projectId}/models/{model}/checks", AccuracyCheckResponse.From(check));
    }

    private static async Task<Ok<List<AccuracyCheckResponse>>> ListChecksAsync(Guid projectId, string model, AccuracyCheckService checks, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok((await checks.ListAsync(user.ToCaller(), projectId, model, cancellationToken)).Select(AccuracyCheckResponse.From).ToList());

    private static async Task<Ok<IReadOnlyList<DriftReport>>> DriftAsync(Guid projectId, string endpoint, MonitoringService monitoring, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await monitoring.DriftAsync(user.ToCaller(), projectId, endpoint, cancellationToken));

    private static async Task<Ok<DriftReport>> ScoredFileDriftAsync(Guid projectId, Guid jobId, MonitoringService monitoring, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await monitoring.ScoredFileDriftAsync(user.ToCaller(), projectId, jobId, cancellationToken));

    private static async Task<Ok<List<AlertResponse>>> ListAsync(Guid projectId, MonitoringService monitoring, ClaimsPrincipal user, CancellationToken cancellationToken, bool includeDismissed = false) =>
        TypedResults.Ok((await monitoring.AlertsAsync(user.ToCaller(), projectId, includeDismissed, cancellationToken)).Select(AlertResponse.From).ToList());

    private static async Task<Ok<WebhookResponse>> WebhookAsync(Guid projectId, AlertWebhooks webhooks, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(new WebhookResponse(await webhooks.HostAsync(user.ToCaller(), projectId, cancellationToken)));

    private static async Task<Ok<WebhookResponse>> SetWebhookAsync(Guid projectId, SetWebhookRequest request, AlertWebhooks webhooks, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(new WebhookResponse(await webhooks.SetAsync(user.ToCaller(), projectId, request.Url, cancellationToken)));

    private static async Task<NoContent> RemoveWebhookAsync(Guid projectId, AlertWebhooks webhooks, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        await webhooks.RemoveAsync(user.ToCaller(), projectId, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<WebhookTestResponse>> TestWebhookAsync(Guid projectId, AlertWebhooks webhooks, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await webhooks.TestAsync(user.ToCaller(), projectId, cancellationToken) is { } error ? new WebhookTestResponse(false, error) : new WebhookTestResponse(true, null));

    private static async Task<Ok<AlertResponse>> DismissAsync(Guid projectId, Guid alertId, MonitoringService monitoring, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(AlertResponse.From(await monitoring.DismissAsync(user.ToCaller(), projectId, alertId, cancellationToken)));
}
