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
    public async Task A_long_study_makes_way_between_trials_for_another_users_small_run()
    {
        await using var factory = new AugurFactory();
        factory.Settings["Augur:Workers"] = "2";
        using var alice = await factory.SignInAsync();
        var aliceProject = await alice.CreateProjectAsync();
        var aliceData = (await alice.UploadTelcoAsync(aliceProject))["id"]!.GetValue<string>();
        using var bob = await factory.CreateUserAndSignInAsync("bob");
        var bobProject = await bob.CreateProjectAsync();
        var bobData = (await bob.UploadTelcoAsync(bobProject))["id"]!.GetValue<string>();

        // Alice's study takes both workers, with far more trials than the test will wait for.
        var study = (await (await alice.PostAsJsonAsync($"/api/v1/projects/{aliceProject}/runs", new { datasetId = aliceData, target = "Churn", budgetSeconds = 600, parallelism = 2, maxTrials = 500 })).ReadObjectAsync())["id"]!.GetValue<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        while (await StatusAsync(alice, aliceProject, study, timeout.Token) != "running")
        {
            await Task.Delay(200, timeout.Token);
        }

        // One trial, with time to spare: under a 2 s budget its only trial could be cut short on a busy machine.
        var small = (await (await bob.PostAsJsonAsync($"/api/v1/projects/{bobProject}/runs", new { datasetId = bobData, target = "Churn", budgetSeconds = 30, maxTrials = 1 })).ReadObjectAsync())["id"]!.GetValue<string>();
        string smallStatus;
        while ((smallStatus = await StatusAsync(bob, bobProject, small, timeout.Token)) is "queued" or "running")
        {
            await Task.Delay(200, timeout.Token);
        }

        Assert.Equal("succeeded", smallStatus);
        Assert.Equal("running", await StatusAsync(alice, aliceProject, study, timeout.Token));
        Assert.Equal(HttpStatusCode.Accepted, (await alice.PostAsync($"/api/v1/projects/{aliceProject}/runs/{study}/cancel", null, timeout.Token)).StatusCode);
    }

    private static async Task<string> StatusAsync(HttpClient client, string projectId, string runId, CancellationToken cancellationToken) =>
        (await (await client.GetAsync($"/api/v1/projects/{projectId}/runs/{runId}", cancellationToken)).ReadObjectAsync())["status"]!.GetValue<string>();

    [Fact]
    public void Priority_bands_follow_the_persons_choice_and_drop_a_little_per_run_the_user_already_has()
    {
        Assert.True(QueuePriority.For(RunPriority.High, 9) > QueuePriority.For(RunPriority.Normal, 0));
        Assert.True(QueuePriority.For(RunPriority.Normal, 0) > QueuePriority.For(RunPriority.Normal, 3));
        Assert.Equal(QueuePriority.For(RunPriority.Normal, 9), QueuePriority.For(RunPriority.Normal, 500));
        Assert.True(QueuePriority.For(RunPriority.Normal, 500) > QueuePriority.For(RunPriority.Low, 0));
    }
}
