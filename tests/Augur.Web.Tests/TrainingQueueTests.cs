using System.Net;
using System.Net.Http.Json;
using Augur.Platform.Training;

namespace Augur.Web.Tests;

/// <summary>Fair sharing of the workers: a cap on the runs one user has training at once, and queue priorities.</summary>
public sealed class TrainingQueueTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)] // Study workers: a study counts once against the cap and waits for it like any run.
    public async Task A_user_at_the_cap_has_further_runs_wait_queued_and_they_all_finish(int parallelism)
    {
        await using var factory = new AugurFactory();
        factory.Settings["Augur:MaxConcurrentRunsPerUser"] = "1";
        factory.Settings["Augur:Workers"] = "4";
        using var client = await factory.SignInAsync();
        var projectId = await client.CreateProjectAsync();
        var datasetId = (await client.UploadTelcoAsync(projectId))["id"]!.GetValue<string>();

        var runs = new List<string>();
        foreach (var priority in new[] { "normal", "high" })
        {
            var start = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "Churn", budgetSeconds = 2, priority, parallelism, maxTrials = parallelism == 1 ? (int?)null : 2 });
            Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
            runs.Add((await start.ReadObjectAsync())["id"]!.GetValue<string>());
        }

        // Workers are free, but this user may have one run training at a time.
        var sawWaiting = false;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (true)
        {
            var statuses = new List<string>();
            foreach (var id in runs)
            {
                statuses.Add((await (await client.GetAsync($"/api/v1/projects/{projectId}/runs/{id}", timeout.Token)).ReadObjectAsync())["status"]!.GetValue<string>());
            }

            Assert.True(statuses.Count(s => s == "running") <= 1, $"Both runs were training at once: {string.Join(", ", statuses)}");
            sawWaiting |= statuses.Contains("running") && statuses.Contains("queued");
            if (statuses.All(s => s is "succeeded" or "failed"))
            {
                Assert.All(statuses, s => Assert.Equal("succeeded", s));
                break;
            }

            await Task.Delay(150, timeout.Token);
        }

        Assert.True(sawWaiting, "One run should have waited in the queue while the other trained.");
    }

    [Fact]
    public void Priority_bands_follow_the_persons_choice_and_drop_a_little_per_run_the_user_already_has()
    {
        Assert.True(QueuePriority.For(RunPriority.High, 9) > QueuePriority.For(RunPriority.Normal, 0));
        Assert.True(QueuePriority.For(RunPriority.Normal, 0) > QueuePriority.For(RunPriority.Normal, 3));
        Assert.Equal(QueuePriority.For(RunPriority.Normal, 9), QueuePriority.For(RunPriority.Normal, 500));
        Assert.True(QueuePriority.For(RunPriority.Normal, 500) > QueuePriority.For(RunPriority.Low, 0));
    }
}
