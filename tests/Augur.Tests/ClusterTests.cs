using System.Net;
using System.Net.Http.Json;
using Augur.Testing;

namespace Augur.Tests;

/// <summary>
/// Past one machine: a server that runs no jobs itself and `augur worker` processes share one PostgreSQL
/// database, and Quartz's clustering hands the training job to a worker, and to another one when a worker dies.
/// </summary>
public sealed class ClusterTests
{
    private const string Password = "cluster-test-password";

    [PostgresFact]
    public async Task A_worker_runs_the_training_job_and_another_worker_finishes_it_when_the_first_is_killed()
    {
        using var data = new TempDirectory();
        await using var database = await TestPostgres.CreateDatabaseAsync();
        var port = AugurProcess.FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        var settings = new Dictionary<string, string>
        {
            ["AUGUR_ADMIN_PASSWORD"] = Password,
            ["Augur__SeedDemo"] = "false",
            ["Database__Provider"] = "PostgreSql",
            ["Database__ConnectionString"] = database.ConnectionString,
        };

        using var server = AugurProcess.Start(["serve", "--workers", "0", "--urls", baseAddress.ToString(), "--data", data.Path], settings);
        using var client = await ServerApi.SignInAsync(baseAddress, server, Password);
        var projectId = await ServerApi.CreateProjectAsync(client);
        var datasetId = await ServerApi.UploadAsync(client, projectId);

        using (var firstWorker = AugurProcess.Start(["worker", "--data", data.Path], settings))
        {
            var start = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "Churn", budgetSeconds = 20 });
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
            var runId = (await ServerApi.ReadAsync(start))["id"]!.GetValue<string>();
            await ServerApi.WaitForStatusAsync(client, projectId, runId, s => s == "running", TimeSpan.FromSeconds(60));
            firstWorker.KillHard();

            using var secondWorker = AugurProcess.Start(["worker", "--data", data.Path], settings);
            // Quartz notices the dead node after its check-in misfire threshold (20 s) and recovers its job.
            var run = await ServerApi.WaitForStatusAsync(client, projectId, runId, s => s is "succeeded" or "failed", TimeSpan.FromSeconds(150));
            Assert.True(run["status"]!.GetValue<string>() == "succeeded", $"{run.ToJsonString()}\n{secondWorker.Output}");
            Assert.True(run["attempts"]!.GetValue<int>() >= 2, run.ToJsonString());
        }

        var model = await ServerApi.ReadAsync(await client.GetAsync($"/api/v1/projects/{projectId}/models/churn"));
        Assert.Equal(1, model["latestVersion"]!.GetValue<int>());
        var health = await ServerApi.ReadAsync(await client.GetAsync("/health"));
        Assert.Equal("Healthy", health["status"]!.GetValue<string>());
    }
}
