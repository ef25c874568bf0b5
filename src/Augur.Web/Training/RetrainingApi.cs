using System.Security.Claims;
using Augur.Platform.Training;
using Augur.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Augur.Web.Training;

public sealed record ScheduleRequest(string Cron, Guid? DatasetId = null, bool? LatestDataset = null, string? Target = null, double? BudgetSeconds = null, int? Parallelism = null);

/// <summary>A model's retraining schedule; <see cref="Scheduled"/> is false (and the rest null) when it has none.</summary>
public sealed record ScheduleResponse(
    bool Scheduled,
    string? Cron = null,
    string? Target = null,
    Guid? DatasetId = null,
    string? DatasetName = null,
    double? BudgetSeconds = null,
    int? Parallelism = null,
    DateTimeOffset? NextRunAt = null,
    DateTimeOffset? LastRunAt = null)
{
    public static ScheduleResponse From(RetrainingSchedule? s) => s is null
        ? new ScheduleResponse(false)
        : new ScheduleResponse(true, s.Cron, s.Target, s.DatasetId, s.DatasetName, s.Budget.TotalSeconds, s.Parallelism, s.NextRunAt, s.LastRunAt);
}

/// <summary>Scheduled retraining: a cron trigger per model that starts a training run with the model's spec.</summary>
public static class RetrainingApi
{
    public static RouteGroupBuilder MapRetrainingApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/projects/{projectId:guid}/models/{model}/schedule").WithTags("Models");
        group.MapPut("/", SetAsync).WithName("ScheduleRetraining")
            .WithSummary("Retrain the model on a cron schedule (UTC), e.g. '0 3 * * *' every night at 03:00. By default it trains on the newest dataset with the same name as the last run's, predicting the same column with the same budget.");
        group.MapGet("/", GetAsync).WithName("GetRetrainingSchedule").WithSummary("The model's retraining schedule and when it runs next.");
        group.MapDelete("/", DeleteAsync).WithName("RemoveRetrainingSchedule").WithSummary("Stop retraining the model on a schedule.");
        return api;
    }

    private static async Task<Ok<ScheduleResponse>> SetAsync(Guid projectId, string model, ScheduleRequest request, RetrainingService retraining, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var budget = request.BudgetSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        var spec = new ScheduleRetrainingRequest(request.Cron, request.DatasetId, request.LatestDataset ?? request.DatasetId is null, request.Target, budget, request.Parallelism);
        return TypedResults.Ok(ScheduleResponse.From(await retraining.SetAsync(user.ToCaller(), projectId, model, spec, cancellationToken)));
    }

    private static async Task<Ok<ScheduleResponse>> GetAsync(Guid projectId, string model, RetrainingService retraining, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(ScheduleResponse.From(await retraining.GetAsync(user.ToCaller(), projectId, model, cancellationToken)));

    private static async Task<NoContent> DeleteAsync(Guid projectId, string model, RetrainingService retraining, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        await retraining.DeleteAsync(user.ToCaller(), projectId, model, cancellationToken);
        return TypedResults.NoContent();
    }
}
