using System.Net;
using System.Net.Http.Json;
using Augur.Platform.Database;
using Augur.Platform.Training;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Augur.Web.Tests;

/// <summary>A model retrained on a cron schedule: a Quartz cron trigger that starts a run with the model's spec.</summary>
public sealed class RetrainingScheduleTests
{
    [Fact]
    public async Task A_schedule_creates_a_cron_trigger_and_firing_it_starts_a_run_of_the_same_model()
    {
        await using var factory = new AugurFactory();
        using var client = await factory.SignInAsync();
        var projectId = await client.CreateProjectAsync();
        var datasetId = (await client.UploadTelcoAsync(projectId))["id"]!.GetValue<string>();
        var first = (await (await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "Churn", budgetSeconds = 8, ignore = new[] { "tenure" } })).ReadObjectAsync())["id"]!.GetValue<string>();
        var trained = await client.WaitForRunAsync(projectId, first, TimeSpan.FromSeconds(90));
        Assert.True(trained["status"]!.GetValue<string>() == "succeeded", trained.Json());

        var bad = await client.PutAsJsonAsync($"/api/v1/projects/{projectId}/models/churn/schedule", new { cron = "every night" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("cron", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var set = await (await client.PutAsJsonAsync($"/api/v1/projects/{projectId}/models/churn/schedule", new { cron = "0 3 * * *" })).ReadObjectAsync();
        Assert.Equal("0 0 3 * * ?", set["cron"]!.GetValue<string>());
        Assert.Equal("telco", set["datasetName"]!.GetValue<string>()[..5]);
        Assert.Equal("Churn", set["target"]!.GetValue<string>());
        Assert.NotNull(set["nextRunAt"]);

        var scheduler = await factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        Guid modelId;
        using (var scope = factory.Services.CreateScope())
        {
            modelId = await scope.ServiceProvider.GetRequiredService<AugurDbContext>().Models.Where(m => m.Name == "churn").Select(m => m.Id).SingleAsync();
        }

        var key = RetrainJob.KeyFor(modelId);
        Assert.NotNull(await scheduler.GetTrigger(new TriggerKey(key.Name, key.Group)));

        await scheduler.TriggerJob(key);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var runs = (await (await client.GetAsync($"/api/v1/projects/{projectId}/runs", timeout.Token)).ReadObjectAsync())["items"]!.AsArray();
            if (runs.Count == 2)
            {
                Assert.All(runs, r => Assert.Equal("churn", r!["modelName"]!.GetValue<string>()));
                // The retrained model leaves out what its last run left out.
                Assert.All(runs, r => Assert.Equal(["tenure"], r!["ignore"]!.AsArray().Select(c => c!.GetValue<string>())));
                break;
            }

            await Task.Delay(200, timeout.Token);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/projects/{projectId}/models/churn/schedule")).StatusCode);
        Assert.False((await (await client.GetAsync($"/api/v1/projects/{projectId}/models/churn/schedule")).ReadObjectAsync())["scheduled"]!.GetValue<bool>());
        Assert.False(await scheduler.Exists(key));
    }
}
