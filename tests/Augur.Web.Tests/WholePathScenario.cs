using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Augur.Web.Tests;

/// <summary>
/// The walking skeleton's path through the real host: upload, train as a Quartz job, register, predict, and
/// reject bad input. Run once on SQLite and once on PostgreSQL.
/// </summary>
public static class WholePathScenario
{
    public static async Task RunAsync(AugurFactory factory)
    {
        using var client = await factory.SignInAsync();
        var projectId = await client.CreateProjectAsync();

        var dataset = await client.UploadTelcoAsync(projectId);
        Assert.Equal(400, dataset["rows"]!.GetValue<long>());
        var columns = dataset["columns"]!.AsArray().ToDictionary(c => c!["name"]!.GetValue<string>(), c => c!["type"]!.GetValue<string>());
        Assert.Equal("identifier", columns["customerID"]);
        Assert.Equal("integer", columns["tenure"]);
        Assert.Equal("number", columns["MonthlyCharges"]);
        // Churn is a boolean, and its schema keeps the file's words for it, which the model's answers use below.
        var churn = dataset["columns"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "Churn")!;
        Assert.Equal("boolean", churn["type"]!.GetValue<string>());
        Assert.Equal("""{"true":"Yes","false":"No"}""", churn["labels"]!.ToJsonString());

        var rows = await (await client.GetAsync($"/api/v1/projects/{projectId}/datasets/{dataset["id"]}/rows?take=5")).ReadArrayAsync();
        Assert.Equal(5, rows.Count);
        Assert.Equal("7590-VHVEG", rows[0]!["customerID"]!.GetValue<string>());

        var start = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId = dataset["id"]!.GetValue<string>(), target = "Churn", budgetSeconds = 6 });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var runId = (await start.ReadObjectAsync())["id"]!.GetValue<string>();

        var run = await client.WaitForRunAsync(projectId, runId, TimeSpan.FromSeconds(120));
        Assert.True(run["status"]!.GetValue<string>() == "succeeded", $"The run ended as {run.Json()}");
        Assert.Equal("auc", run["metric"]!.GetValue<string>());
        Assert.InRange(run["metricValue"]!.GetValue<double>(), 0.6, 1.0);
        Assert.NotEmpty(run["parameters"]!.AsObject());
        Assert.NotEmpty(run["leaderboard"]!.AsArray());
        Assert.True(run["durationSeconds"]!.GetValue<double>() > 0);

        var model = await (await client.GetAsync($"/api/v1/projects/{projectId}/models/churn")).ReadObjectAsync();
        Assert.Equal(1, model["latestVersion"]!.GetValue<int>());

        var second = Api.CustomerRow();
        second["Contract"] = "Two year";
        second["tenure"] = 70;
        var predict = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/models/churn/predict", new { rows = new[] { Api.CustomerRow(), second } });
        var answer = await predict.ReadObjectAsync();
        Assert.True(predict.StatusCode == HttpStatusCode.OK, answer.Json());
        Assert.Equal("churn", answer["model"]!.GetValue<string>());
        Assert.Equal(1, answer["version"]!.GetValue<int>());
        var predictions = answer["predictions"]!.AsArray();
        Assert.Equal(2, predictions.Count);
        foreach (var prediction in predictions)
        {
            Assert.Contains(prediction!["prediction"]!.GetValue<string>(), new[] { "Yes", "No" });
            var probabilities = prediction["probabilities"]!.AsObject();
            Assert.Equal(["No", "Yes"], probabilities.Select(p => p.Key).Order(StringComparer.Ordinal));
            Assert.Equal(1.0, probabilities.Sum(p => p.Value!.GetValue<double>()), 3);
        }

        await AssertBadRowIsRejectedAsync(client, projectId, row => row.Remove("tenure"), "tenure");
        await AssertBadRowIsRejectedAsync(client, projectId, row => row["MonthlyCharges"] = "lots", "MonthlyCharges");
        await RegistryScenario.RunAsync(client, projectId);
        AssertEncryptedAtRest(factory);
    }

    /// <summary>
    /// The upload, the clean table, its profile and the model bundles hold customer ids and category names; on disk
    /// none of them may appear, and no decrypted working copy may be left behind.
    /// </summary>
    private static void AssertEncryptedAtRest(AugurFactory factory)
    {
        var artifacts = Directory.GetFiles(Path.Combine(factory.DataDirectory, "artifacts"), "*", SearchOption.AllDirectories);
        Assert.Contains(artifacts, f => f.EndsWith(".augur", StringComparison.Ordinal));
        Assert.Contains(artifacts, f => f.EndsWith(".jsonl", StringComparison.Ordinal));
        foreach (var file in artifacts)
        {
            var text = System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(file));
            Assert.StartsWith("AUGENC01", text, StringComparison.Ordinal);
            Assert.DoesNotContain("7590-VHVEG", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Month-to-month", text, StringComparison.Ordinal);
        }

        var scratch = Path.Combine(factory.DataDirectory, "scratch");
        Assert.Empty(Directory.Exists(scratch) ? Directory.GetFiles(scratch, "*", SearchOption.AllDirectories) : []);
    }

    private static async Task AssertBadRowIsRejectedAsync(HttpClient client, string projectId, Action<JsonObject> spoil, string field)
    {
        var row = Api.CustomerRow();
        spoil(row);
        var response = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/models/churn/predict", new { rows = new[] { row } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadObjectAsync();
        Assert.Contains(field, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(problem["errors"]!.AsObject().ContainsKey($"rows[0].{field}"), problem.Json());
    }
}
