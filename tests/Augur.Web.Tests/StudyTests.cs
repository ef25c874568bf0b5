using System.Net;
using System.Net.Http.Json;

namespace Augur.Web.Tests;

/// <summary>
/// A run whose trials are shared by several study workers (in one process on SQLite): trial numbers are claimed in the
/// study lock, so none is run twice, and exactly one worker registers the model.
/// </summary>
public sealed class StudyTests
{
    [Fact]
    public async Task A_trial_cap_ends_a_single_worker_run_long_before_its_budget()
    {
        await using var factory = new AugurFactory();
        using var client = await factory.SignInAsync();
        var projectId = await client.CreateProjectAsync();
        var datasetId = (await client.UploadTelcoAsync(projectId))["id"]!.GetValue<string>();

        var start = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "Churn", budgetSeconds = 3600, maxTrials = 3 });
        var runId = (await start.ReadObjectAsync())["id"]!.GetValue<string>();
        var run = await client.WaitForRunAsync(projectId, runId, TimeSpan.FromSeconds(180));

        Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.Json());
        var trials = (await (await client.GetAsync($"/api/v1/projects/{projectId}/runs/{runId}/trials?limit=100")).ReadObjectAsync())["items"]!.AsArray();
        Assert.Equal(3, trials.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Early_stopping_finishes_a_run_once_trials_stop_improving_on_one_worker_or_a_study(int parallelism)
    {
        await using var factory = new AugurFactory();
        factory.Settings["Augur:Workers"] = parallelism.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var client = await factory.SignInAsync();
        var projectId = await client.CreateProjectAsync();
        var datasetId = (await client.UploadTelcoAsync(projectId))["id"]!.GetValue<string>();

        var refused = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "Churn", earlyStopping = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Early stopping must be a number of trials", (await refused.ReadObjectAsync())["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        var start = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "Churn", budgetSeconds = 3600, parallelism, maxTrials = 40, earlyStopping = 2 });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var runId = (await start.ReadObjectAsync())["id"]!.GetValue<string>();
        var run = await client.WaitForRunAsync(projectId, runId, TimeSpan.FromSeconds(240));

        Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.Json());
        Assert.Equal(2, run["earlyStopping"]!.GetValue<int>());
        Assert.True(run["stoppedEarly"]!.GetValue<bool>(), run.Json());
        var trials = (await (await client.GetAsync($"/api/v1/projects/{projectId}/runs/{runId}/trials?limit=100")).ReadObjectAsync())["items"]!.AsArray();
        Assert.InRange(trials.Count, 3, 39);
        var report = await (await client.GetAsync($"/api/v1/projects/{projectId}/runs/{runId}/report")).ReadObjectAsync();
        Assert.True(report["stoppedEarly"]!.GetValue<bool>());
        // The version's report is the bundle's own, which says so too (a study's finalists are trained again, not stopped).
        var versionReport = await (await client.GetAsync($"/api/v1/projects/{projectId}/models/churn/versions/latest/report")).ReadObjectAsync();
        Assert.True(versionReport["stoppedEarly"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Two_study_workers_share_a_run_with_unique_trial_numbers_and_register_one_version()
    {
        await using var factory = new AugurFactory();
        factory.Settings["Augur:Workers"] = "2";
        using var client = await factory.SignInAsync();
        var projectId = await client.CreateProjectAsync();
        var datasetId = (await client.UploadTelcoAsync(projectId))["id"]!.GetValue<string>();

        var start = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "Churn", budgetSeconds = 600, parallelism = 2, maxTrials = 4 });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var runId = (await start.ReadObjectAsync())["id"]!.GetValue<string>();
        var run = await client.WaitForRunAsync(projectId, runId, TimeSpan.FromSeconds(240));
        Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.Json());
        Assert.Equal(2, run["parallelism"]!.GetValue<int>());

        var trials = (await (await client.GetAsync($"/api/v1/projects/{projectId}/runs/{runId}/trials?sort=number&limit=100")).ReadObjectAsync())["items"]!.AsArray();
        var numbers = trials.Select(t => t!["number"]!.GetValue<int>()).ToList();
        Assert.Equal([1, 2, 3, 4], numbers.Order().ToList());
        Assert.All(trials, t => Assert.NotEqual("running", t!["status"]!.GetValue<string>()));
        Assert.Contains(trials, t => t!["status"]!.GetValue<string>() == "succeeded");
        // Both workers claimed trials (slots 1 and 2).
        Assert.Equal(2, trials.Select(t => t!["workerId"]!.GetValue<string>()[^2..]).Distinct().Count());

        var model = await (await client.GetAsync($"/api/v1/projects/{projectId}/models/churn")).ReadObjectAsync();
        Assert.Equal(1, model["latestVersion"]!.GetValue<int>());

        // The trials stored for finalising are gone with the study; the run's bundle stays.
        var runFolder = RunFolder(factory, projectId, runId);
        Assert.True(File.Exists(Path.Combine(runFolder, "model.augur")));
        Assert.False(Directory.Exists(Path.Combine(runFolder, "trials")));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task With_successive_halving_new_settings_are_screened_on_a_sample_and_only_a_trial_on_all_rows_becomes_the_model(int parallelism)
    {
        await using var factory = new AugurFactory();
        factory.Settings["Augur:Workers"] = parallelism.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // On by default only from 100,000 rows; an operator can turn it on for any size.
        factory.Settings["Training:Halving"] = "On";
        using var client = await factory.SignInAsync();
        var projectId = await client.CreateProjectAsync();
        var datasetId = (await client.UploadTelcoAsync(projectId))["id"]!.GetValue<string>();

        var start = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "Churn", budgetSeconds = 600, parallelism, maxTrials = 16 });
        var runId = (await start.ReadObjectAsync())["id"]!.GetValue<string>();
        var run = await client.WaitForRunAsync(projectId, runId, TimeSpan.FromSeconds(240));
        Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.Json());
        // Fixed when the run was queued, so every worker of the study screens the same way.
        Assert.Equal("on", run["halving"]!.GetValue<string>());

        var trials = (await (await client.GetAsync($"/api/v1/projects/{projectId}/runs/{runId}/trials?sort=number&limit=100")).ReadObjectAsync())["items"]!.AsArray();
        var shares = trials.Select(t => t!["dataFraction"]!.GetValue<double>()).ToList();
        Assert.Equal(1.0 / 9, shares[0], 9);
        Assert.Contains(shares, s => Math.Abs(s - 1.0 / 3) < 1e-9);
        Assert.Contains(1.0, shares);
        Assert.Contains("on 11.1% of the training rows", trials[0]!["log"]!.GetValue<string>(), StringComparison.Ordinal);
        // The model, and the run's best trial, are from trials on all rows, however the screening trials scored.
        var saved = Assert.Single(trials, t => t!["artifactKey"] is not null);
        Assert.Equal(1.0, saved!["dataFraction"]!.GetValue<double>());

        // A run that ends before any settings reached all rows (here its one trial was a screening one) still makes a
        // model: its best screened settings are trained on all rows.
        var shortRun = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "Churn", budgetSeconds = 600, parallelism, maxTrials = 1 });
        var shortId = (await shortRun.ReadObjectAsync())["id"]!.GetValue<string>();
        var ended = await client.WaitForRunAsync(projectId, shortId, TimeSpan.FromSeconds(240));
        Assert.True(ended["status"]!.GetValue<string>() == "succeeded", ended.Json());
        var model = await (await client.GetAsync($"/api/v1/projects/{projectId}/models/churn")).ReadObjectAsync();
        Assert.Equal(2, model["latestVersion"]!.GetValue<int>());
        // A trial marked as the model ran on all rows: never the screening trial whose settings were trained at the end.
        var shortTrials = (await (await client.GetAsync($"/api/v1/projects/{projectId}/runs/{shortId}/trials?limit=100")).ReadObjectAsync())["items"]!.AsArray();
        Assert.All(shortTrials.Where(t => t!["artifactKey"] is not null), t => Assert.Equal(1.0, t!["dataFraction"]!.GetValue<double>()));

        var compared = await (await client.GetAsync($"/api/v1/projects/{projectId}/runs/compare?runIds={runId}&runIds={shortId}")).ReadArrayAsync();
        Assert.Equal(1.0, compared[0]!["bestTrial"]!["dataFraction"]!.GetValue<double>());
    }

    [Fact]
    public async Task Cancelling_a_study_stops_its_workers_within_five_seconds()
    {
        await using var factory = new AugurFactory();
        factory.Settings["Augur:Workers"] = "2";
        using var client = await factory.SignInAsync();
        var projectId = await client.CreateProjectAsync();
        var datasetId = (await client.UploadTelcoAsync(projectId))["id"]!.GetValue<string>();
        var start = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "Churn", budgetSeconds = 600, parallelism = 2 });
        var runId = (await start.ReadObjectAsync())["id"]!.GetValue<string>();
        // A succeeded trial is stored for finalising, with its out-of-fold predictions and models.
        var stored = Path.Combine(RunFolder(factory, projectId, runId), "trials");
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (!Directory.Exists(stored) || !Directory.EnumerateFiles(stored, "result.json", SearchOption.AllDirectories).Any())
            {
                await Task.Delay(200, timeout.Token);
            }
        }

        Assert.NotEmpty(Directory.EnumerateFiles(stored, "models.zip", SearchOption.AllDirectories));
        await WaitForRunningTrialAsync(client, projectId, runId);

        var cancel = await client.PostAsync($"/api/v1/projects/{projectId}/runs/{runId}/cancel", null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var run = await client.WaitForRunAsync(projectId, runId, TimeSpan.FromSeconds(5));
        Assert.True(run["status"]!.GetValue<string>() == "cancelled", run.Json());
        Assert.False(Directory.Exists(stored));

        var again = await client.PostAsync($"/api/v1/projects/{projectId}/runs/{runId}/cancel", null);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);

        // Only a succeeded run has a report; a cancelled one answers 404 and says why.
        var report = await client.GetAsync($"/api/v1/projects/{projectId}/runs/{runId}/report");
        Assert.Equal(HttpStatusCode.NotFound, report.StatusCode);
        Assert.Contains("it is cancelled", await report.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>The run's folder in the artifact store, where its bundle and (while the study runs) its stored trials are.</summary>
    private static string RunFolder(AugurFactory factory, string projectId, string runId) =>
        Path.Combine(factory.DataDirectory, "artifacts", "projects", Guid.Parse(projectId).ToString("N"), "runs", Guid.Parse(runId).ToString("N"));

    private static async Task WaitForRunningTrialAsync(HttpClient client, string projectId, string runId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (await timer.WaitForNextTickAsync(timeout.Token))
        {
            var trials = (await (await client.GetAsync($"/api/v1/projects/{projectId}/runs/{runId}/trials?sort=number&limit=100", timeout.Token)).ReadObjectAsync())["items"]!.AsArray();
            if (trials.Any(t => t!["status"]!.GetValue<string>() == "running"))
            {
                return;
            }
        }
    }
}
