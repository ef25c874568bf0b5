using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Augur.Web.Tests.Scoring;

/// <summary>A project with a quickly trained churn model, and helpers that score files through the API.</summary>
public static class ScoringScenario
{
    /// <summary>Signs in as admin, creates a project, uploads telco-400 and trains "churn" v1 on a 6-second budget (shorter budgets fail on a loaded machine).</summary>
    public static async Task<(HttpClient Client, string ProjectId)> TrainAsync(AugurFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var client = await factory.SignInAsync();
        var projectId = await client.CreateProjectAsync("Scoring project");
        var datasetId = (await client.UploadTelcoAsync(projectId))["id"]!.GetValue<string>();
        var start = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "Churn", budgetSeconds = 6 });
        var runId = (await start.ReadObjectAsync())["id"]!.GetValue<string>();
        var run = await client.WaitForRunAsync(projectId, runId, TimeSpan.FromSeconds(90));
        Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.Json());
        return (client, projectId);
    }

    /// <summary>
    /// 40 telco customers without the target, where customer 1's id is a formula, customer 2 has a negative monthly
    /// charge, customer 3's tenure is "abc" (cannot be scored) and one line has too many fields (cannot be read).
    /// </summary>
    public static byte[] CustomersCsv()
    {
        var lines = File.ReadLines(Api.Telco400).Take(41).Select(l => l[..l.LastIndexOf(',')]).ToList();
        lines[1] = "=HYPERLINK(\"http://evil\")" + lines[1][lines[1].IndexOf(',')..];
        var second = lines[2].Split(',');
        second[18] = "-12.5";
        lines[2] = string.Join(',', second);
        var third = lines[3].Split(',');
        third[5] = "abc";
        lines[3] = string.Join(',', third);
        lines.Insert(10, lines[10] + ",1,2,3,4,5");
        return Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n");
    }

    public static Task<HttpResponseMessage> StartAsync(this HttpClient client, string projectId, byte[] file, string fileName = "customers.csv", string? format = null, string model = "churn", string? version = null, string? keep = null)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", fileName }, { new StringContent(model), "model" } };
        foreach (var (name, value) in new[] { ("format", format), ("version", version), ("keep", keep) })
        {
            if (value is not null)
            {
                form.Add(new StringContent(value), name);
            }
        }

        return client.PostAsync($"/api/v1/projects/{projectId}/scoring", form);
    }

    public static async Task<JsonObject> StartAndWaitAsync(this HttpClient client, string projectId, byte[] file, string? format = null, string? keep = null)
    {
        var started = await client.StartAsync(projectId, file, format: format, keep: keep);
        Assert.True(started.StatusCode == HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        var job = await started.ReadObjectAsync();
        return await client.WaitForScoringAsync(projectId, job["id"]!.GetValue<string>(), TimeSpan.FromSeconds(60));
    }

    /// <summary>Polls the job until it finishes; scoring runs as a background job.</summary>
    public static async Task<JsonObject> WaitForScoringAsync(this HttpClient client, string projectId, string jobId, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (true)
        {
            var job = await (await client.GetAsync($"/api/v1/projects/{projectId}/scoring/{jobId}", cancellation.Token)).ReadObjectAsync();
            if (job["status"]!.GetValue<string>() is "succeeded" or "failed" or "cancelled")
            {
                return job;
            }

            await timer.WaitForNextTickAsync(cancellation.Token);
        }
    }
}
