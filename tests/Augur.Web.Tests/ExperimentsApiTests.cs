using System.Net;
using System.Net.Http.Json;

namespace Augur.Web.Tests;

/// <summary>A real training run records its trials, and the experiments API reads them back paged, sorted and filtered.</summary>
public sealed class ExperimentsApiTests
{
    [Fact]
    public async Task A_finished_run_lists_its_trials_leaderboard_and_comparison()
    {
        await using var factory = new AugurFactory();
        using var client = await factory.SignInAsync();
        var projectId = await client.CreateProjectAsync();
        var datasetId = (await client.UploadTelcoAsync(projectId))["id"]!.GetValue<string>();
        var runIds = new List<string>();
        foreach (var seed in new[] { 1, 2 })
        {
            // Both runs train at once and register versions of the same model, usually within moments of each other.
            var start = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "Churn", budgetSeconds = 3, seed });
            runIds.Add((await start.ReadObjectAsync())["id"]!.GetValue<string>());
        }

        var run = await client.WaitForRunAsync(projectId, runIds[0], TimeSpan.FromSeconds(90));
        Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.Json());
        Assert.Equal("succeeded", (await client.WaitForRunAsync(projectId, runIds[1], TimeSpan.FromSeconds(90)))["status"]!.GetValue<string>());
        var trialsDone = run["trialsDone"]!.GetValue<int>();
        var model = await (await client.GetAsync($"/api/v1/projects/{projectId}/models/churn")).ReadObjectAsync();
        Assert.Equal([2, 1], model["versions"]!.AsArray().Select(v => v!["version"]!.GetValue<int>()));

        var runs = await (await client.GetAsync($"/api/v1/projects/{projectId}/runs?limit=1")).ReadObjectAsync();
        Assert.Equal((2, 1, true), (runs["total"]!.GetValue<int>(), runs["items"]!.AsArray().Count, runs["hasMore"]!.GetValue<bool>()));
        // A list leaves each run's leaderboard out; one run's reply has it.
        Assert.Null(runs["items"]![0]!["leaderboard"]);
        Assert.NotEmpty(run["leaderboard"]!.AsArray());

        var all = await (await client.GetAsync($"/api/v1/projects/{projectId}/runs/{runIds[0]}/trials?limit=500")).ReadObjectAsync();
        Assert.Equal(trialsDone, all["total"]!.GetValue<int>());
        var trials = all["items"]!.AsArray();
        var best = trials[0]!;
        // Best AUC first, and the best is the run's winner, linked to its bundle.
        Assert.Equal(run["metricValue"]!.GetValue<double>(), best["score"]!.GetValue<double>(), 9);
        Assert.EndsWith("/model.augur", best["artifactKey"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotEmpty(best["foldMetrics"]!.AsArray());
        Assert.True(best["durationSeconds"]!.GetValue<double>() > 0);
        Assert.True(best["allocatedBytes"]!.GetValue<long>() > 0);
        Assert.Contains("auc = ", best["log"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(trials, t => t!["artifactKey"] is not null);

        var trainer = best["trainer"]!.GetValue<string>();
        var filtered = await (await client.GetAsync($"/api/v1/projects/{projectId}/runs/{runIds[0]}/trials?trainer={trainer}&status=succeeded&sort=duration&limit=1")).ReadObjectAsync();
        Assert.Equal(trainer, filtered["items"]![0]!["trainer"]!.GetValue<string>());

        var board = await (await client.GetAsync($"/api/v1/projects/{projectId}/leaderboard?limit=5")).ReadObjectAsync();
        Assert.True(board["total"]!.GetValue<int>() > trialsDone - 1, board.Json());
        Assert.Equal("auc", board["items"]![0]!["metric"]!.GetValue<string>());

        var compared = await (await client.GetAsync($"/api/v1/projects/{projectId}/runs/compare?runIds={runIds[0]}&runIds={runIds[1]}")).ReadArrayAsync();
        Assert.Equal(runIds, compared.Select(c => c!["run"]!["id"]!.GetValue<string>()));
        Assert.Equal(trialsDone, compared[0]!["trials"]!.GetValue<int>());
        Assert.Equal(best["id"]!.GetValue<string>(), compared[0]!["bestTrial"]!["id"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/v1/projects/{projectId}/runs/compare?runIds={runIds[0]}")).StatusCode);
        var badStatus = await client.GetAsync($"/api/v1/projects/{projectId}/leaderboard?status=sleeping");
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        Assert.Contains("status", await badStatus.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
