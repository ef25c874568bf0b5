using System.Net;
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
            using var client = await ServerApi.SignInAsync(baseAddress, first, Password);
            projectId = await ServerApi.CreateProjectAsync(client);
            datasetId = await ServerApi.UploadAsync(client, projectId);
            var start = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "Churn", budgetSeconds = 15 });
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
            runId = (await ServerApi.ReadAsync(start))["id"]!.GetValue<string>();
            await ServerApi.WaitForStatusAsync(client, projectId, runId, s => s == "running", TimeSpan.FromSeconds(60));
            await stop(first);
        }

        using var second = StartServer(data.Path, port);
        using var again = await ServerApi.SignInAsync(baseAddress, second, Password);
        var run = await ServerApi.WaitForStatusAsync(again, projectId, runId, s => s is "succeeded" or "failed", TimeSpan.FromSeconds(120));
        if (run["status"]!.GetValue<string>() == "failed")
        {
            Assert.False(string.IsNullOrWhiteSpace(run["reason"]?.GetValue<string>()), "A failed run must say why.");
        }
        else
        {
            Assert.True(run["attempts"]!.GetValue<int>() >= 2, $"The run should have been picked up again: {run.ToJsonString()}");
            var model = await ServerApi.ReadAsync(await again.GetAsync($"/api/v1/projects/{projectId}/models/churn"));
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
}
