using System.Net;
using System.Net.Http.Json;

namespace Augur.Web.Tests;

/// <summary>A run told the task, the metric and a time column, as `augur train --task --metric --time-column` is.</summary>
public sealed class RunOptionsApiTests
{
    [Fact]
    public async Task A_run_uses_the_task_metric_and_time_column_it_was_given_and_keeps_them()
    {
        await using var factory = new AugurFactory();
        using var client = await factory.SignInAsync();
        var projectId = await client.CreateProjectAsync();
        var datasetId = (await client.UploadTelcoAsync(projectId))["id"]!.GetValue<string>();

        // Ranked by precision-recall area, validated on the customers with the longest tenure.
        var start = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "Churn", maxTrials = 2, metric = "prAuc", timeColumn = "tenure" });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var queued = await start.ReadObjectAsync();
        Assert.Equal("prAuc", queued["requestedMetric"]!.GetValue<string>());
        Assert.Equal("tenure", queued["timeColumn"]!.GetValue<string>());
        var runId = queued["id"]!.GetValue<string>();
        var run = await client.WaitForRunAsync(projectId, runId, TimeSpan.FromSeconds(120));
        Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.Json());
        Assert.Equal("prAuc", run["metric"]!.GetValue<string>());
        var report = await (await client.GetAsync($"/api/v1/projects/{projectId}/runs/{runId}/report")).ReadObjectAsync();
        Assert.Equal("time", report["validation"]!.GetValue<string>());

        // SeniorCitizen holds 0 and 1: detected as yes/no, predicted as an amount when asked.
        var asAmount = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "SeniorCitizen", maxTrials = 1, task = "regression" });
        var regression = await client.WaitForRunAsync(projectId, (await asAmount.ReadObjectAsync())["id"]!.GetValue<string>(), TimeSpan.FromSeconds(120));
        Assert.True(regression["status"]!.GetValue<string>() == "succeeded", regression.Json());
        Assert.Equal("regression", regression["task"]!.GetValue<string>());
        Assert.Equal("regression", regression["requestedTask"]!.GetValue<string>());
        Assert.Equal("rmse", regression["metric"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{\"metric\": \"bogus\"}", "metric", "The metric 'bogus' is not one Augur ranks by. Choose one of: auc,")]
    [InlineData("{\"metric\": \"auc\", \"task\": \"regression\"}", "metric", "The metric 'auc' is not one Augur ranks by for regression tasks. Choose one of: rmse, mae, r2, mape.")]
    [InlineData("{\"timeColumn\": \"signupDate\"}", "timeColumn", "The time column 'signupDate' is not in the dataset. Its columns are: customerID,")]
    [InlineData("{\"timeColumn\": \"Churn\"}", "timeColumn", "The time column cannot be the column to predict, 'Churn'.")]
    public async Task Options_the_data_cannot_use_are_a_400_naming_the_field(string options, string field, string message)
    {
        await using var factory = new AugurFactory();
        using var client = await factory.SignInAsync();
        var projectId = await client.CreateProjectAsync();
        var datasetId = (await client.UploadTelcoAsync(projectId))["id"]!.GetValue<string>();
        var body = System.Text.Json.Nodes.JsonNode.Parse(options)!.AsObject();
        body["datasetId"] = datasetId;
        body["target"] = "Churn";

        var response = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadObjectAsync();
        Assert.Contains(message, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(problem["errors"]?[field]);
    }
}
