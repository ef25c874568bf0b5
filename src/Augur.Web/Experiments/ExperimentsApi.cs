using System.Security.Claims;
using Augur.Learning.Training;
using Augur.Platform;
using Augur.Platform.Experiments;
using Augur.Platform.Paging;
using Augur.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Augur.Web.Experiments;

/// <summary>Experiment tracking: the trials of a run, the project's leaderboard and runs side by side. Every list is paged.</summary>
public static class ExperimentsApi
{
    public static RouteGroupBuilder MapExperimentsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/projects/{projectId:guid}").WithTags("Experiments");
        group.MapGet("/runs/{runId:guid}/trials", ListTrialsAsync).WithName("ListTrials")
            .WithSummary("A run's trials, a page at a time. sort: score (best first), number, duration or started; order: asc or desc; filters: trainer, status, metric with min and max.");
        group.MapGet("/leaderboard", LeaderboardAsync).WithName("GetLeaderboard")
            .WithSummary("The project's best trials across all runs by one metric (default: the latest run's), with the same sorting and filters.");
        group.MapGet("/runs/compare", CompareAsync).WithName("CompareRuns")
            .WithSummary("Two to five runs side by side (?runIds=…&runIds=…): their settings, best trial and trial counts.");
        return api;
    }

    private static async Task<Ok<Page<TrialResponse>>> ListTrialsAsync(
        Guid projectId,
        Guid runId,
        ExperimentService experiments,
        ClaimsPrincipal user,
        [AsParameters] TrialListParameters list,
        CancellationToken cancellationToken)
    {
        var page = await experiments.ListTrialsAsync(user.ToCaller(), projectId, runId, list.Query(), Paged(list.Offset, list.Limit), cancellationToken);
        return TypedResults.Ok(page.Map(TrialResponse.From));
    }

    private static async Task<Ok<Page<TrialResponse>>> LeaderboardAsync(
        Guid projectId,
        ExperimentService experiments,
        ClaimsPrincipal user,
        [AsParameters] TrialListParameters list,
        CancellationToken cancellationToken)
    {
        var page = await experiments.LeaderboardAsync(user.ToCaller(), projectId, list.Query(), Paged(list.Offset, list.Limit), cancellationToken);
        return TypedResults.Ok(page.Map(TrialResponse.From));
    }

    private static async Task<Ok<List<RunComparisonResponse>>> CompareAsync(
        Guid projectId,
        ExperimentService experiments,
        ClaimsPrincipal user,
        CancellationToken cancellationToken,
        Guid[]? runIds = null)
    {
        var compared = await experiments.CompareAsync(user.ToCaller(), projectId, runIds ?? [], cancellationToken);
        return TypedResults.Ok(compared.Select(RunComparisonResponse.From).ToList());
    }

    internal static PageRequest Paged(int? offset, int? limit) => new(offset ?? 0, limit ?? PageRequest.DefaultLimit);

}
