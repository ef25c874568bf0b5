using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
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

    /// <summary>
    /// A study with parallelism 2 on two workers (one job each): one worker is killed with SIGKILL in the middle of a
    /// trial, the other finishes the study, and every trial number is accounted for. Then a second study on the
    /// surviving worker is cancelled through the server, and it reads "cancelled" within 5 s.
    /// </summary>
    [PostgresFact]
    public async Task Two_workers_share_a_study_and_it_completes_with_every_trial_accounted_for_when_one_is_killed()
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
        using var first = AugurProcess.Start(["worker", "--workers", "1", "--data", data.Path], settings);
        using var second = AugurProcess.Start(["worker", "--workers", "1", "--data", data.Path], settings);

        var start = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "Churn", budgetSeconds = 300, parallelism = 2, maxTrials = 6 });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var runId = (await ServerApi.ReadAsync(start))["id"]!.GetValue<string>();

        // Kill the first worker while it runs a trial, once at least one trial has finished.
        var killed = await WaitForTrialAsync(client, projectId, runId, trials =>
            trials.Any(t => t["status"]!.GetValue<string>() != "running")
                ? trials.FirstOrDefault(t => t["status"]!.GetValue<string>() == "running" && t["workerId"]!.GetValue<string>().Contains($":{first.Id}/", StringComparison.Ordinal))
                : null, TimeSpan.FromSeconds(120), first, second);
        first.KillHard();
        var killedNumber = killed["number"]!.GetValue<int>();

        var run = await ServerApi.WaitForStatusAsync(client, projectId, runId, s => s is "succeeded" or "failed", TimeSpan.FromSeconds(150));
        Assert.True(run["status"]!.GetValue<string>() == "succeeded", $"{run.ToJsonString()}\n{second.Output}");
        var all = await TrialsAsync(client, projectId, runId);
        Assert.Equal(Enumerable.Range(1, 6), all.Select(t => t["number"]!.GetValue<int>()).Order());
        Assert.DoesNotContain(all, t => t["status"]!.GetValue<string>() == "running");
        var interrupted = all.Single(t => t["number"]!.GetValue<int>() == killedNumber);
        // Killed mid-trial it is failed because the worker stopped (unless it had just finished as the signal came).
        Assert.True(
            interrupted["status"]!.GetValue<string>() == "succeeded" || interrupted["failureReason"]!.GetValue<string>().Contains("worker stopped", StringComparison.Ordinal),
            interrupted.ToJsonString());
        var model = await ServerApi.ReadAsync(await client.GetAsync($"/api/v1/projects/{projectId}/models/churn"));
        Assert.Equal(1, model["latestVersion"]!.GetValue<int>());

        // Cancelling from the server reaches the trial on the worker process.
        var next = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "Churn", budgetSeconds = 600, parallelism = 2, modelName = "cancelled" });
        var nextId = (await ServerApi.ReadAsync(next))["id"]!.GetValue<string>();
        await WaitForTrialAsync(client, projectId, nextId, trials => trials.FirstOrDefault(t => t["status"]!.GetValue<string>() == "running"), TimeSpan.FromSeconds(60), second, second);
        var asked = DateTime.UtcNow;
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/v1/projects/{projectId}/runs/{nextId}/cancel", null)).StatusCode);
        var cancelled = await ServerApi.WaitForStatusAsync(client, projectId, nextId, s => s is not ("running" or "queued"), TimeSpan.FromSeconds(10));
        Assert.Equal("cancelled", cancelled["status"]!.GetValue<string>());
        Assert.True(DateTime.UtcNow - asked < TimeSpan.FromSeconds(5), $"Cancelling took {DateTime.UtcNow - asked}");
    }

    private static async Task<List<JsonObject>> TrialsAsync(HttpClient client, string projectId, string runId) =>
        [.. (await ServerApi.ReadAsync(await client.GetAsync($"/api/v1/projects/{projectId}/runs/{runId}/trials?sort=number&limit=200")))["items"]!.AsArray().Select(t => t!.AsObject())];

    private static async Task<JsonObject> WaitForTrialAsync(HttpClient client, string projectId, string runId, Func<List<JsonObject>, JsonObject?> pick, TimeSpan timeout, AugurProcess a, AugurProcess b)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (true)
            {
                if (pick(await TrialsAsync(client, projectId, runId)) is { } trial)
                {
                    return trial;
                }

                await timer.WaitForNextTickAsync(cancellation.Token);
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"No such trial of run {runId}.\n{a.Output}\n{b.Output}");
        }
    }
}
