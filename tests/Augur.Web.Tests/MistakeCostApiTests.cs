using System.Net;
using System.Net.Http.Json;

namespace Augur.Web.Tests;

/// <summary>Costs of wrong answers given with a run: the yes/no cut moves to where mistakes are cheapest (issue 4's cost matrix).</summary>
public sealed class MistakeCostApiTests
{
    [Fact]
    public async Task A_run_told_that_a_missed_yes_costs_more_says_yes_sooner_and_keeps_its_costs()
    {
        await using var factory = new AugurFactory();
        using var client = await factory.SignInAsync();
        var projectId = await client.CreateProjectAsync();
        var datasetId = (await client.UploadTelcoAsync(projectId))["id"]!.GetValue<string>();

        async Task<(System.Text.Json.Nodes.JsonObject Run, double Threshold)> TrainAsync(string model, object? costs)
        {
            var start = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "Churn", modelName = model, maxTrials = 2, seed = 7, costs });
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
            var runId = (await start.ReadObjectAsync())["id"]!.GetValue<string>();
            var run = await client.WaitForRunAsync(projectId, runId, TimeSpan.FromSeconds(120));
            Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.Json());
            var report = await (await client.GetAsync($"/api/v1/projects/{projectId}/runs/{runId}/report")).ReadObjectAsync();
            return (run, report["threshold"]!.GetValue<double>());
        }

        var (f1, f1Threshold) = await TrainAsync("churn-f1", null);
        var (priced, pricedThreshold) = await TrainAsync("churn-priced", new { falseNegative = 5 });

        Assert.True(pricedThreshold < f1Threshold, $"{pricedThreshold} against {f1Threshold}");
        Assert.Equal("cost", priced["metric"]!.GetValue<string>());
        Assert.Equal(1, priced["costs"]!["falsePositive"]!.GetValue<double>());
        Assert.Equal(5, priced["costs"]!["falseNegative"]!.GetValue<double>());
        Assert.Null(f1["costs"]);
        Assert.Equal("auc", f1["metric"]!.GetValue<string>());
    }

    [Fact]
    public async Task Costs_that_are_not_prices_are_a_400_and_costs_on_a_number_fail_the_run_saying_why()
    {
        await using var factory = new AugurFactory();
        using var client = await factory.SignInAsync();
        var projectId = await client.CreateProjectAsync();
        var datasetId = (await client.UploadTelcoAsync(projectId))["id"]!.GetValue<string>();

        var refused = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "Churn", costs = new { falsePositive = -1 } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("must be numbers of 0 or more", (await refused.ReadObjectAsync())["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        var start = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "tenure", maxTrials = 1, costs = new { falseNegative = 5 } });
        var run = await client.WaitForRunAsync(projectId, (await start.ReadObjectAsync())["id"]!.GetValue<string>(), TimeSpan.FromSeconds(60));
        Assert.Equal("failed", run["status"]!.GetValue<string>());
        Assert.Contains("Costs of wrong answers apply to yes/no targets only; 'tenure' is a regression target.", run["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
