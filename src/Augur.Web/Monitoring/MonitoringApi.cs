using System.Security.Claims;
using Augur.Platform.Monitoring;
using Augur.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Augur.Web.Monitoring;

/// <summary>An alert as the API shows it.</summary>
public sealed record AlertResponse(Guid Id, string Kind, string Endpoint, int Version, string Message, DateTime RaisedAt, DateTime? DismissedAt, bool Open)
{
    public static AlertResponse From(Alert a) =>
        new(a.Id, a.Kind.ToString().ToLowerInvariant(), a.Endpoint, a.Version, a.Message, a.RaisedAt, a.DismissedAt, a.IsOpen);
}

public static class MonitoringApi
{
    public static RouteGroupBuilder MapMonitoringApi(this RouteGroupBuilder api)
    {
        api.MapGet("/projects/{projectId:guid}/endpoints/{endpoint}/drift", DriftAsync).WithTags("Monitoring").WithName("GetEndpointDrift")
            .WithSummary("Whether the endpoint's recent inputs (its logged predictions within Augur:Monitoring:Window, 7 days by default) look like the data each answering version was trained on: per column, the population stability index (under 0.1 stable, from 0.25 changed a lot), its shares of values then and now, and a sentence; the columns that changed most first, then those the model relies on most. 'enough' is false below Augur:Monitoring:MinPredictions logged predictions.");
        var alerts = api.MapGroup("/projects/{projectId:guid}/alerts").WithTags("Monitoring");
        alerts.MapGet("/", ListAsync).WithName("ListAlerts")
            .WithSummary("The project's alerts, open ones first (?includeDismissed=true adds the dismissed ones). The hourly drift check raises one when an endpoint's inputs changed a lot since its version was trained.");
        alerts.MapPost("/{alertId:guid}/dismiss", DismissAsync).WithName("DismissAlert").WithSummary("Close an alert once someone has looked at it (editors).");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<DriftReport>>> DriftAsync(Guid projectId, string endpoint, MonitoringService monitoring, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await monitoring.DriftAsync(user.ToCaller(), projectId, endpoint, cancellationToken));

    private static async Task<Ok<List<AlertResponse>>> ListAsync(Guid projectId, MonitoringService monitoring, ClaimsPrincipal user, CancellationToken cancellationToken, bool includeDismissed = false) =>
        TypedResults.Ok((await monitoring.AlertsAsync(user.ToCaller(), projectId, includeDismissed, cancellationToken)).Select(AlertResponse.From).ToList());

    private static async Task<Ok<AlertResponse>> DismissAsync(Guid projectId, Guid alertId, MonitoringService monitoring, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(AlertResponse.From(await monitoring.DismissAsync(user.ToCaller(), projectId, alertId, cancellationToken)));
}
