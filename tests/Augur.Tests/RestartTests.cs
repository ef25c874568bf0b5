using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Augur.Testing;

namespace Augur.Tests;

/// <summary>
/// A real `augur serve` is stopped in the middle of a training job, hard (SIGKILL) or gracefully (SIGTERM), and
/// started again on the same data folder. The job must finish (or fail with a reason) and nothing stored is lost.
/// </summary>
public sealed class RestartTests
{
    private const string Password = "restart-test-password";

    [Fact]
    public Task A_training_job_survives_a_hard_kill_of_the_server() => InterruptAndResumeAsync(server => { server.KillHard(); return Task.CompletedTask; });

    [Fact]
    public Task A_training_job_survives_a_graceful_restart_of_the_server() => InterruptAndResumeAsync(server => server.StopGracefullyAsync());

    private static async Task InterruptAndResumeAsync(Func<AugurProcess, Task> stop)
    {
        using var data = new TempDirectory();
        var port = AugurProcess.FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        string projectId, datasetId, runId;

        using (var first = StartServer(data.Path, port))
        {
            using var client = await SignInAsync(baseAddress, first);
            projectId = await CreateProjectAsync(client);
            datasetId = await UploadAsync(client, projectId);
            var start = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "Churn", budgetSeconds = 15 });
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
            runId = (await ReadAsync(start))["id"]!.GetValue<string>();
            await WaitForStatusAsync(client, projectId, runId, s => s == "running", TimeSpan.FromSeconds(60));
            await stop(first);
        }

        using var second = StartServer(data.Path, port);
        using var again = await SignInAsync(baseAddress, second);
        var run = await WaitForStatusAsync(again, projectId, runId, s => s is "succeeded" or "failed", TimeSpan.FromSeconds(120));
        if (run["status"]!.GetValue<string>() == "failed")
        {
            Assert.False(string.IsNullOrWhiteSpace(run["reason"]?.GetValue<string>()), "A failed run must say why.");
        }
        else
        {
            Assert.True(run["attempts"]!.GetValue<int>() >= 2, $"The run should have been picked up again: {run.ToJsonString()}");
            var model = await ReadAsync(await again.GetAsync($"/api/v1/projects/{projectId}/models/churn"));
            Assert.Equal(1, model["latestVersion"]!.GetValue<int>());
        }

        var datasets = JsonNode.Parse(await again.GetStringAsync($"/api/v1/projects/{projectId}/datasets"))!.AsArray();
        Assert.Equal(datasetId, Assert.Single(datasets)!["id"]!.GetValue<string>());
        var rows = JsonNode.Parse(await again.GetStringAsync($"/api/v1/projects/{projectId}/datasets/{datasetId}/rows?take=500"))!.AsArray();
        Assert.Equal(400, rows.Count);
    }

    private static AugurProcess StartServer(string dataDirectory, int port) =>
        AugurProcess.Start(
            ["serve", "--urls", $"http://127.0.0.1:{port}", "--data", dataDirectory],
            new Dictionary<string, string> { ["AUGUR_ADMIN_PASSWORD"] = Password, ["Augur__SeedDemo"] = "false" });

    private static async Task<HttpClient> SignInAsync(Uri baseAddress, AugurProcess server)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = baseAddress };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (true)
        {
            try
            {
                var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = "admin", password = Password }, timeout.Token);
                response.EnsureSuccessStatusCode();
                return client;
            }
            catch (HttpRequestException) when (!timeout.IsCancellationRequested)
            {
                // Not listening yet.
            }

            if (!await timer.WaitForNextTickAsync(timeout.Token))
            {
                throw new TimeoutException(server.Output);
            }
        }
    }

    private static async Task<string> CreateProjectAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/api/v1/projects", new { name = "Restart" });
        return (await ReadAsync(response))["id"]!.GetValue<string>();
    }

    private static async Task<string> UploadAsync(HttpClient client, string projectId)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "telco-400.csv")));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "telco.csv");
        var response = await client.PostAsync($"/api/v1/projects/{projectId}/datasets", form);
        return (await ReadAsync(response))["id"]!.GetValue<string>();
    }

    private static async Task<JsonObject> WaitForStatusAsync(HttpClient client, string projectId, string runId, Func<string, bool> done, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (true)
        {
            var run = await ReadAsync(await client.GetAsync($"/api/v1/projects/{projectId}/runs/{runId}", cancellation.Token));
            if (done(run["status"]!.GetValue<string>()))
            {
                return run;
            }

            await timer.WaitForNextTickAsync(cancellation.Token);
        }
    }

    private static async Task<JsonObject> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }
}
