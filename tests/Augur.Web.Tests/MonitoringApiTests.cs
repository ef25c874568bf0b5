using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Augur.Platform.Monitoring;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Augur.Web.Tests;

/// <summary>
/// A live model's inputs compared with its training data: the endpoint's drift report, the alert the hourly check
/// raises when they changed a lot, and who may read and dismiss it.
/// </summary>
public sealed class MonitoringApiTests
{
    [Fact]
    public async Task Inputs_like_the_training_data_are_stable_and_changed_ones_raise_one_alert_that_an_editor_dismisses()
    {
        await using var factory = new AugurFactory();
        factory.Settings["Augur:Serving:LogSampleRate"] = "1";
        factory.Settings["Augur:Monitoring:MinPredictions"] = "200";
        using var owner = await factory.CreateUserAndSignInAsync("owner");
        using var viewer = await factory.CreateUserAndSignInAsync("victor");
        using var stranger = await factory.CreateUserAndSignInAsync("intruder");
        var projectId = await owner.CreateProjectAsync("Monitored");
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync($"/api/v1/projects/{projectId}/members", new { userName = "victor", role = "viewer" })).StatusCode);
        var datasetId = (await owner.UploadTelcoAsync(projectId))["id"]!.GetValue<string>();
        var runId = (await (await owner.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "Churn", maxTrials = 1 })).ReadObjectAsync())["id"]!.GetValue<string>();
        Assert.Equal("succeeded", (await owner.WaitForRunAsync(projectId, runId, TimeSpan.FromSeconds(120)))["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync($"/api/v1/projects/{projectId}/endpoints", new { name = "churn-api", model = "churn", version = "1" })).StatusCode);
        var drift = $"/api/v1/projects/{projectId}/endpoints/churn-api/drift";
        Assert.Empty((await (await owner.GetAsync(drift)).Content.ReadFromJsonAsync<JsonArray>())!);

        // The training customers themselves, sent again: nothing moved.
        var customers = await TelcoRowsAsync();
        await PredictAsync(owner, projectId, customers);
        var same = await WaitForPredictionsAsync(owner, drift, customers.Count);
        Assert.True(same["enough"]!.GetValue<bool>(), same.Json());
        Assert.Equal("stable", same["level"]!.GetValue<string>());
        Assert.Equal("churn", same["model"]!.GetValue<string>());
        Assert.Contains("look like its training data", same["summary"]!.GetValue<string>(), StringComparison.Ordinal);
        var columns = same["columns"]!.AsArray().Select(c => c!["column"]!.GetValue<string>()).ToList();
        Assert.Contains("MonthlyCharges", columns);
        Assert.Contains("Contract", columns);
        Assert.DoesNotContain("Churn", columns);
        Assert.DoesNotContain("customerID", columns);

        // The same customers at three times the price: the window now holds both.
        await PredictAsync(owner, projectId, [.. customers.Select(Tripled)]);
        var changed = await WaitForPredictionsAsync(owner, drift, customers.Count * 2);
        Assert.Equal("changed", changed["level"]!.GetValue<string>());
        var charges = changed["columns"]!.AsArray().Single(c => c!["column"]!.GetValue<string>() == "MonthlyCharges")!;
        Assert.Equal("changed", charges["level"]!.GetValue<string>());
        Assert.StartsWith("More values of ", charges["sentence"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("stable", changed["columns"]!.AsArray().Single(c => c!["column"]!.GetValue<string>() == "Contract")!["level"]!.GetValue<string>());
        Assert.Contains("changed a lot since it was trained: ", changed["summary"]!.GetValue<string>(), StringComparison.Ordinal);

        // The hourly check raises one alert, and only one however often it runs.
        var scheduler = await factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        Assert.True(await scheduler.Exists(DriftMonitorJob.Key));
        var alerts = $"/api/v1/projects/{projectId}/alerts";
        await scheduler.TriggerJob(DriftMonitorJob.Key);
        var raised = await WaitForAlertsAsync(viewer, alerts, 1);
        using (var scope = factory.Services.CreateScope())
        {
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<MonitoringService>().RaiseAlertsAsync(CancellationToken.None));
        }

        Assert.Single((await (await viewer.GetAsync(alerts)).Content.ReadFromJsonAsync<JsonArray>())!);
        var alert = raised[0]!;
        Assert.Equal(("drift", "churn-api", 1, true), (alert["kind"]!.GetValue<string>(), alert["endpoint"]!.GetValue<string>(), alert["version"]!.GetValue<int>(), alert["open"]!.GetValue<bool>()));
        Assert.Contains("MonthlyCharges", alert["message"]!.GetValue<string>(), StringComparison.Ordinal);

        // A viewer reads it but may not dismiss it; another tenant learns nothing.
        var dismiss = $"{alerts}/{alert["id"]!.GetValue<string>()}/dismiss";
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync(dismiss, null)).StatusCode);
        foreach (var url in new[] { drift, alerts })
        {
            var response = await stranger.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("MonthlyCharges", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync(dismiss, null)).StatusCode);
        var dismissed = await (await owner.PostAsync(dismiss, null)).ReadObjectAsync();
        Assert.False(dismissed["open"]!.GetValue<bool>());
        Assert.Empty((await (await viewer.GetAsync(alerts)).Content.ReadFromJsonAsync<JsonArray>())!);
        Assert.Single((await (await viewer.GetAsync($"{alerts}?includeDismissed=true")).Content.ReadFromJsonAsync<JsonArray>())!);
        Assert.Contains("alert.dismiss", await (await owner.GetAsync($"/api/v1/projects/{projectId}/audit")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>The rows of the training file as an app would send them: every field as text, the answer left out.</summary>
    private static async Task<List<JsonObject>> TelcoRowsAsync()
    {
        var lines = await File.ReadAllLinesAsync(Api.Telco400);
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(line => new JsonObject(header.Zip(line.Split(','))
            .Where(f => f.First != "Churn")
            .Select(f => KeyValuePair.Create(f.First, (JsonNode?)JsonValue.Create(f.Second)))))];
    }

    private static JsonObject Tripled(JsonObject row)
    {
        var copy = row.DeepClone().AsObject();
        copy["MonthlyCharges"] = (3 * double.Parse(row["MonthlyCharges"]!.GetValue<string>(), CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture);
        return copy;
    }

    private static async Task PredictAsync(HttpClient client, string projectId, IReadOnlyList<JsonObject> rows)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/endpoints/churn-api/predict", new { rows });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The endpoint's drift report once the log writer has stored this many predictions (it writes in the background).</summary>
    private static async Task<JsonObject> WaitForPredictionsAsync(HttpClient client, string drift, int predictions)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var reports = (await (await client.GetAsync(drift, timeout.Token)).Content.ReadFromJsonAsync<JsonArray>(timeout.Token))!;
            if (reports.Count == 1 && reports[0]!["predictions"]!.GetValue<int>() >= predictions)
            {
                return reports[0]!.AsObject();
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    private static async Task<JsonArray> WaitForAlertsAsync(HttpClient client, string alerts, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var list = (await (await client.GetAsync(alerts, timeout.Token)).Content.ReadFromJsonAsync<JsonArray>(timeout.Token))!;
            if (list.Count >= count)
            {
                return list;
            }

            await Task.Delay(100, timeout.Token);
        }
    }
}
