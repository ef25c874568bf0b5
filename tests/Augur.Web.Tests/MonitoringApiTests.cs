using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Augur.Platform;
using Augur.Platform.Monitoring;
using Augur.Testing;
using Augur.Web.Tests.Scoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Augur.Web.Tests;

/// <summary>
/// A live model's inputs compared with its training data: the endpoint's drift report, the alert the hourly check
/// raises when they changed a lot, and who may read and dismiss it.
/// </summary>
public sealed class MonitoringApiTests
{
    [Fact]
    public async Task Inputs_like_the_training_data_are_stable_and_changed_ones_raise_one_alert_that_an_editor_dismisses()
    {
        await using var factory = new AugurFactory();
        await DriftAndAlertsAsync(factory);
    }

    [PostgresFact]
    public async Task Drift_and_alerts_work_the_same_on_postgresql()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var factory = new AugurFactory(database.ConnectionString);
        await DriftAndAlertsAsync(factory);
    }

    [Fact]
    public async Task A_model_checked_on_newer_customers_whose_outcomes_turned_is_much_worse_and_the_check_is_kept()
    {
        await using var factory = new AugurFactory();
        await AccuracyChecksAsync(factory);
    }

    [PostgresFact]
    public async Task Accuracy_checks_work_the_same_on_postgresql()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var factory = new AugurFactory(database.ConnectionString);
        await AccuracyChecksAsync(factory);
    }

    [Fact]
    public async Task A_served_model_is_checked_on_new_data_with_outcomes_when_it_is_uploaded_and_much_worse_raises_an_alert()
    {
        await using var factory = new AugurFactory();
        await LiveChecksAsync(factory);
    }

    [PostgresFact]
    public async Task Live_checks_work_the_same_on_postgresql()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var factory = new AugurFactory(database.ConnectionString);
        await LiveChecksAsync(factory);
    }

    [Fact]
    public async Task Outcomes_the_app_sends_back_say_how_right_each_version_is_and_much_worse_raises_an_alert()
    {
        await using var factory = new AugurFactory();
        await OutcomesSentBackAsync(factory);
    }

    [PostgresFact]
    public async Task Outcomes_sent_back_work_the_same_on_postgresql()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var factory = new AugurFactory(database.ConnectionString);
        await OutcomesSentBackAsync(factory);
    }

    private static async Task OutcomesSentBackAsync(AugurFactory factory)
    {
        factory.Settings["Augur:Serving:LogSampleRate"] = "1";
        using var owner = await factory.CreateUserAndSignInAsync("owner");
        using var viewer = await factory.CreateUserAndSignInAsync("victor");
        using var stranger = await factory.CreateUserAndSignInAsync("intruder");
        var projectId = await owner.CreateProjectAsync("Told");
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync($"/api/v1/projects/{projectId}/members", new { userName = "victor", role = "viewer" })).StatusCode);
        var datasetId = (await owner.UploadTelcoAsync(projectId))["id"]!.GetValue<string>();
        var runId = (await (await owner.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "Churn", maxTrials = 1 })).ReadObjectAsync())["id"]!.GetValue<string>();
        Assert.Equal("succeeded", (await owner.WaitForRunAsync(projectId, runId, TimeSpan.FromSeconds(120)))["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync($"/api/v1/projects/{projectId}/endpoints", new { name = "churn-api", model = "churn", version = "latest" })).StatusCode);
        var key = await (await owner.PostAsJsonAsync($"/api/v1/projects/{projectId}/endpoint-keys", new { name = "web shop", endpoint = "churn-api" })).ReadObjectAsync();
        using var app = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        app.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key["secret"]!.GetValue<string>());

        // The web shop asks about its customers; each answer the log kept comes with an id.
        var customers = await TelcoRowsAsync();
        var answered = await (await app.PostAsJsonAsync($"/api/v1/projects/{projectId}/endpoints/churn-api/predict", new { rows = customers })).ReadObjectAsync();
        var ids = answered["predictions"]!.AsArray().Select(p => p!["predictionId"]!.GetValue<string>()).ToList();
        Assert.Equal(customers.Count, ids.Distinct().Count());
        // The log is written in the background; outcomes come weeks later in life, here once it is stored.
        await WaitForPredictionsAsync(viewer, $"/api/v1/projects/{projectId}/endpoints/churn-api/drift", customers.Count);
        // As in life, the outcomes come after the predictions have left the window: they count from when they came.
        using (var scope = factory.Services.CreateScope())
        {
            var longAgo = DateTime.UtcNow.AddDays(-8);
            await scope.ServiceProvider.GetRequiredService<Augur.Platform.Database.AugurDbContext>().PredictionLogs
                .ExecuteUpdateAsync(set => set.SetProperty(l => l.At, longAgo));
        }

        // A month on it sends back what happened: every one of them did the opposite of what they did in training.
        var truth = (await File.ReadAllLinesAsync(Api.Telco400)).Skip(1).Select(l => l.EndsWith(",Yes", StringComparison.Ordinal) ? "No" : "Yes").ToList();
        var outcomes = $"/api/v1/projects/{projectId}/endpoints/churn-api/outcomes";
        var unknown = Guid.NewGuid().ToString();
        var sent = await app.PostAsJsonAsync(outcomes, new { outcomes = ids.Select((id, i) => new { predictionId = id, outcome = truth[i] }).Append(new { predictionId = unknown, outcome = "Yes" }) });
        Assert.True(sent.StatusCode == HttpStatusCode.OK, await sent.Content.ReadAsStringAsync());
        var kept = await sent.ReadObjectAsync();
        Assert.Equal(customers.Count, kept["kept"]!.GetValue<int>());
        Assert.Equal([unknown], kept["unknown"]!.AsArray().Select(u => u!.GetValue<string>()));

        var accuracy = $"/api/v1/projects/{projectId}/endpoints/churn-api/accuracy";
        var live = Assert.Single((await (await viewer.GetAsync(accuracy)).Content.ReadFromJsonAsync<JsonArray>())!)!;
        Assert.Equal((1, 400, 400, true, "auc", "muchWorse"), (live["version"]!.GetValue<int>(), live["outcomes"]!.GetValue<int>(), live["checked"]!.GetValue<int>(),
            live["enough"]!.GetValue<bool>(), live["metric"]!.GetValue<string>(), live["verdict"]!.GetValue<string>()));
        Assert.StartsWith("On the 400 predictions whose outcome your app sent back, v1 scores AUC ", live["sentence"]!.GetValue<string>(), StringComparison.Ordinal);

        // The hourly check raises an alert about it (the inputs themselves did not move, so no drift alert).
        using (var scope = factory.Services.CreateScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<MonitoringService>().RaiseAlertsAsync(CancellationToken.None));
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<MonitoringService>().RaiseAlertsAsync(CancellationToken.None));
        }

        var alert = Assert.Single((await (await viewer.GetAsync($"/api/v1/projects/{projectId}/alerts")).Content.ReadFromJsonAsync<JsonArray>())!)!;
        Assert.Equal("liveAccuracy", alert["kind"]!.GetValue<string>());
        Assert.StartsWith("churn v1 is much worse on the outcomes your app sent back (400 predictions) than in training: AUC ", alert["message"]!.GetValue<string>(), StringComparison.Ordinal);

        // Sent again, the newer outcome wins: the real ones, which it learned from, put it back to at least as good.
        var real = (await File.ReadAllLinesAsync(Api.Telco400)).Skip(1).Select(l => l.EndsWith(",Yes", StringComparison.Ordinal) ? "Yes" : "No").ToList();
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync(outcomes, new { outcomes = ids.Select((id, i) => new { predictionId = id, outcome = real[i] }) })).StatusCode);
        var again = Assert.Single((await (await owner.GetAsync(accuracy)).Content.ReadFromJsonAsync<JsonArray>())!)!;
        Assert.Contains(again["verdict"]!.GetValue<string>(), new[] { "asGood", "better" });

        // Who may send them: the endpoint's callers (its key, editors), not viewers; another tenant learns nothing.
        var one = new { outcomes = new[] { new { predictionId = ids[0], outcome = "Yes" } } };
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync(outcomes, one)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync($"/api/v1/projects/{projectId}/endpoints", new { name = "other-api", model = "churn", version = "latest" })).StatusCode);
        var otherKey = await (await owner.PostAsJsonAsync($"/api/v1/projects/{projectId}/endpoint-keys", new { name = "other app", endpoint = "other-api" })).ReadObjectAsync();
        using var otherApp = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        otherApp.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", otherKey["secret"]!.GetValue<string>());
        var wrongKey = await otherApp.PostAsJsonAsync(outcomes, one);
        Assert.Equal(HttpStatusCode.Forbidden, wrongKey.StatusCode);
        Assert.Contains("it cannot send outcomes to 'churn-api'", await wrongKey.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync(outcomes, one)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(accuracy)).StatusCode);
        // A clear 400 for what cannot be kept.
        var missing = await owner.PostAsJsonAsync(outcomes, new { outcomes = new[] { new { predictionId = ids[0] } } });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains($"Outcome 0 (prediction {ids[0]}): 'outcome' is missing", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostAsJsonAsync(outcomes, new { outcomes = Array.Empty<object>() })).StatusCode);
    }

    private static async Task LiveChecksAsync(AugurFactory factory)
    {
        using var owner = await factory.CreateUserAndSignInAsync("owner");
        using var stranger = await factory.CreateUserAndSignInAsync("intruder");
        var projectId = await owner.CreateProjectAsync("Watched");
        var trainedOn = await owner.ServeChurnAsync(projectId);

        // Next month's export, with every outcome turned, uploaded (to retrain on, say): the served version is checked on it.
        var lines = await File.ReadAllLinesAsync(Api.Telco400);
        await owner.UploadAsync(projectId, "october.csv", await Api.TurnedTelcoAsync());
        JsonArray checks;
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while ((checks = (await (await owner.GetAsync($"/api/v1/projects/{projectId}/models/churn/checks", timeout.Token)).Content.ReadFromJsonAsync<JsonArray>(timeout.Token))!).Count == 0)
            {
                await Task.Delay(200, timeout.Token);
            }
        }

        var check = Assert.Single(checks)!;
        Assert.Equal(("october", "muchWorse"), (check["datasetName"]!.GetValue<string>(), check["verdict"]!.GetValue<string>()));
        var alerts = await (await owner.GetAsync($"/api/v1/projects/{projectId}/alerts")).Content.ReadFromJsonAsync<JsonArray>();
        var alert = Assert.Single(alerts!)!;
        Assert.Equal(("accuracy", "churn-api", "churn", 1), (alert["kind"]!.GetValue<string>(), alert["endpoint"]!.GetValue<string>(), alert["model"]!.GetValue<string>(), alert["version"]!.GetValue<int>()));
        Assert.StartsWith("churn v1 is much worse on 'october' (400 rows whose outcome is known) than in training: AUC ", alert["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.EndsWith("Retrain it on recent data.", alert["message"]!.GetValue<string>(), StringComparison.Ordinal);

        // Checked again by hand, it is as bad, and the alert still open is not raised twice.
        var october = check["datasetId"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync($"/api/v1/projects/{projectId}/models/churn/versions/latest/checks", new { datasetId = october })).StatusCode);
        Assert.Single((await (await owner.GetAsync($"/api/v1/projects/{projectId}/alerts")).Content.ReadFromJsonAsync<JsonArray>())!);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/projects/{projectId}/alerts")).StatusCode);

        // Not checked: on the data it was trained on, or on data without the outcome.
        var inputsOnly = string.Join('\n', lines.Select(l => l[..l.LastIndexOf(',')]));
        var noOutcome = (await (await owner.UploadAsync(projectId, "november.csv", System.Text.Encoding.UTF8.GetBytes(inputsOnly))).ReadObjectAsync())["id"]!.GetValue<string>();
        using var scope = factory.Services.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<AccuracyCheckService>();
        var owned = (await (await owner.GetAsync("/api/v1/auth/me")).ReadObjectAsync())["id"]!.GetValue<string>();
        Assert.Empty(await service.CheckLiveVersionsAsync(Guid.Parse(projectId), Guid.Parse(trainedOn), Guid.Parse(owned), CancellationToken.None));
        Assert.Empty(await service.CheckLiveVersionsAsync(Guid.Parse(projectId), Guid.Parse(noOutcome), Guid.Parse(owned), CancellationToken.None));
    }

    private static async Task DriftAndAlertsAsync(AugurFactory factory)
    {
        factory.Settings["Augur:Serving:LogSampleRate"] = "1";
        factory.Settings["Augur:Monitoring:MinPredictions"] = "200";
        using var owner = await factory.CreateUserAndSignInAsync("owner");
        using var viewer = await factory.CreateUserAndSignInAsync("victor");
        using var stranger = await factory.CreateUserAndSignInAsync("intruder");
        var projectId = await owner.CreateProjectAsync("Monitored");
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync($"/api/v1/projects/{projectId}/members", new { userName = "victor", role = "viewer" })).StatusCode);
        var datasetId = (await owner.UploadTelcoAsync(projectId))["id"]!.GetValue<string>();
        var runId = (await (await owner.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "Churn", maxTrials = 1 })).ReadObjectAsync())["id"]!.GetValue<string>();
        Assert.Equal("succeeded", (await owner.WaitForRunAsync(projectId, runId, TimeSpan.FromSeconds(120)))["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync($"/api/v1/projects/{projectId}/endpoints", new { name = "churn-api", model = "churn", version = "1" })).StatusCode);
        var drift = $"/api/v1/projects/{projectId}/endpoints/churn-api/drift";
        Assert.Empty((await (await owner.GetAsync(drift)).Content.ReadFromJsonAsync<JsonArray>())!);

        // The training customers themselves, sent again: nothing moved.
        var customers = await TelcoRowsAsync();
        await PredictAsync(owner, projectId, customers);
        var same = await WaitForPredictionsAsync(owner, drift, customers.Count);
        Assert.True(same["enough"]!.GetValue<bool>(), same.Json());
        Assert.Equal("stable", same["level"]!.GetValue<string>());
        Assert.Equal("churn", same["model"]!.GetValue<string>());
        Assert.Contains("look like its training data", same["summary"]!.GetValue<string>(), StringComparison.Ordinal);
        var columns = same["columns"]!.AsArray().Select(c => c!["column"]!.GetValue<string>()).ToList();
        Assert.Contains("MonthlyCharges", columns);
        Assert.Contains("Contract", columns);
        Assert.DoesNotContain("Churn", columns);
        Assert.DoesNotContain("customerID", columns);
        // Its answers to them are those it gave on its training data: the same customers.
        Assert.Equal(("Its answers", "stable"), (same["answers"]!["column"]!.GetValue<string>(), same["answers"]!["level"]!.GetValue<string>()));
        Assert.Equal(["'No'", "'Yes'"], same["answers"]!["buckets"]!.AsArray().Select(b => b!["label"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.All(same["answers"]!["buckets"]!.AsArray(), b => Assert.Equal(b!["training"]!.GetValue<double>(), b["recent"]!.GetValue<double>(), 6));

        // The same customers at three times the price: the window now holds both.
        await PredictAsync(owner, projectId, [.. customers.Select(Tripled)]);
        var changed = await WaitForPredictionsAsync(owner, drift, customers.Count * 2);
        Assert.Equal("changed", changed["level"]!.GetValue<string>());
        var charges = changed["columns"]!.AsArray().Single(c => c!["column"]!.GetValue<string>() == "MonthlyCharges")!;
        Assert.Equal("changed", charges["level"]!.GetValue<string>());
        Assert.StartsWith("More values of ", charges["sentence"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("stable", changed["columns"]!.AsArray().Single(c => c!["column"]!.GetValue<string>() == "Contract")!["level"]!.GetValue<string>());
        Assert.Contains("changed a lot since it was trained: ", changed["summary"]!.GetValue<string>(), StringComparison.Ordinal);

        // The hourly check raises one alert, and only one however often it runs.
        var scheduler = await factory.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        Assert.True(await scheduler.Exists(DriftMonitorJob.Key));
        var alerts = $"/api/v1/projects/{projectId}/alerts";
        await scheduler.TriggerJob(DriftMonitorJob.Key);
        var raised = await WaitForAlertsAsync(viewer, alerts, 1);
        using (var scope = factory.Services.CreateScope())
        {
            var monitoring = scope.ServiceProvider.GetRequiredService<MonitoringService>();
            Assert.Equal(0, await monitoring.RaiseAlertsAsync(CancellationToken.None));
            // The projects page counts open alerts of the projects each person can see, and no others.
            var users = scope.ServiceProvider.GetRequiredService<Augur.Platform.Database.AugurDbContext>().Users;
            Caller As(string name) => users.Where(u => u.UserName == name).AsEnumerable().Select(u => new Caller(u.Id, u.UserName, u.IsAdmin)).Single();
            Assert.Equal(1, (await monitoring.OpenAlertCountsAsync(As("victor"), CancellationToken.None))[Guid.Parse(projectId)]);
            Assert.Empty(await monitoring.OpenAlertCountsAsync(As("intruder"), CancellationToken.None));
        }

        Assert.Single((await (await viewer.GetAsync(alerts)).Content.ReadFromJsonAsync<JsonArray>())!);
        var alert = raised[0]!;
        Assert.Equal(("drift", "churn-api", 1, true), (alert["kind"]!.GetValue<string>(), alert["endpoint"]!.GetValue<string>(), alert["version"]!.GetValue<int>(), alert["open"]!.GetValue<bool>()));
        Assert.Contains("MonthlyCharges", alert["message"]!.GetValue<string>(), StringComparison.Ordinal);

        // A viewer reads it but may not dismiss it; another tenant learns nothing.
        var dismiss = $"{alerts}/{alert["id"]!.GetValue<string>()}/dismiss";
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync(dismiss, null)).StatusCode);
        foreach (var url in new[] { drift, alerts })
        {
            var response = await stranger.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("MonthlyCharges", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync(dismiss, null)).StatusCode);
        var dismissed = await (await owner.PostAsync(dismiss, null)).ReadObjectAsync();
        Assert.False(dismissed["open"]!.GetValue<bool>());
        Assert.Empty((await (await viewer.GetAsync(alerts)).Content.ReadFromJsonAsync<JsonArray>())!);
        Assert.Single((await (await viewer.GetAsync($"{alerts}?includeDismissed=true")).Content.ReadFromJsonAsync<JsonArray>())!);
        // Dismissed, it is not raised again while the window still holds the predictions that raised it.
        using (var scope = factory.Services.CreateScope())
        {
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<MonitoringService>().RaiseAlertsAsync(CancellationToken.None));
        }

        Assert.Contains("alert.dismiss", await (await owner.GetAsync($"/api/v1/projects/{projectId}/audit")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task AccuracyChecksAsync(AugurFactory factory)
    {
        using var owner = await factory.CreateUserAndSignInAsync("owner");
        using var viewer = await factory.CreateUserAndSignInAsync("victor");
        using var stranger = await factory.CreateUserAndSignInAsync("intruder");
        var projectId = await owner.CreateProjectAsync("Checked");
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync($"/api/v1/projects/{projectId}/members", new { userName = "victor", role = "viewer" })).StatusCode);
        var trainedOn = (await owner.UploadTelcoAsync(projectId))["id"]!.GetValue<string>();
        var runId = (await (await owner.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId = trainedOn, target = "Churn", maxTrials = 1 })).ReadObjectAsync())["id"]!.GetValue<string>();
        var run = await owner.WaitForRunAsync(projectId, runId, TimeSpan.FromSeconds(120));
        Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.Json());
        var trainedAuc = run["metrics"]!["auc"]!.GetValue<double>();

        // The same customers a month on, every outcome turned: those who stayed left, and the other way round.
        var lines = await File.ReadAllLinesAsync(Api.Telco400);
        var upload = await owner.UploadAsync(projectId, "october.csv", await Api.TurnedTelcoAsync());
        var october = (await upload.ReadObjectAsync())["id"]!.GetValue<string>();
        var checks = $"/api/v1/projects/{projectId}/models/churn/versions/latest/checks";

        var response = await owner.PostAsJsonAsync(checks, new { datasetId = october });

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var check = await response.ReadObjectAsync();
        Assert.Equal(("churn", 1, "october", 400, 0, "auc", "muchWorse"), (check["model"]!.GetValue<string>(), check["version"]!.GetValue<int>(),
            check["datasetName"]!.GetValue<string>(), check["rows"]!.GetValue<int>(), check["leftOut"]!.GetValue<int>(), check["metric"]!.GetValue<string>(), check["verdict"]!.GetValue<string>()));
        Assert.True(check["value"]!.GetValue<double>() < 0.5);
        Assert.Equal(trainedAuc, check["trainedValue"]!.GetValue<double>(), 10);
        Assert.Contains("On 'october' (400 rows whose outcome is known), v1 scores AUC ", check["sentence"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.EndsWith("It is much worse than in training: the customers have changed since; retrain it on recent data.", check["sentence"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(check["metrics"]!.AsObject().ContainsKey("accuracy"));

        // On the customers it learned from, it does at least as well as on the rows held back.
        var same = await (await owner.PostAsJsonAsync(checks, new { datasetId = trainedOn })).ReadObjectAsync();
        Assert.Contains(same["verdict"]!.GetValue<string>(), new[] { "asGood", "better" });

        // Customers who all left: no AUC without both kinds, so the check compares accuracy instead.
        var allLeft = string.Join('\n', [lines[0], .. lines.Skip(1).Where(l => l.EndsWith(",Yes", StringComparison.Ordinal))]);
        var leavers = (await (await owner.UploadAsync(projectId, "leavers.csv", System.Text.Encoding.UTF8.GetBytes(allLeft))).ReadObjectAsync())["id"]!.GetValue<string>();
        var oneKind = await owner.PostAsJsonAsync(checks, new { datasetId = leavers });
        Assert.True(oneKind.StatusCode == HttpStatusCode.Created, await oneKind.Content.ReadAsStringAsync());
        Assert.Equal("accuracy", (await oneKind.ReadObjectAsync())["metric"]!.GetValue<string>());

        // Data without the outcome cannot tell; nothing is kept.
        var inputsOnly = string.Join('\n', lines.Select(l => l[..l.LastIndexOf(',')]));
        var noOutcome = (await (await owner.UploadAsync(projectId, "november.csv", System.Text.Encoding.UTF8.GetBytes(inputsOnly))).ReadObjectAsync())["id"]!.GetValue<string>();
        var refused = await owner.PostAsJsonAsync(checks, new { datasetId = noOutcome });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("The dataset 'november' has no column 'Churn': Augur needs the outcomes", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The checks are the model's history, newest first; viewers read it, only editors add to it, strangers see nothing.
        var history = (await (await viewer.GetAsync($"/api/v1/projects/{projectId}/models/churn/checks")).Content.ReadFromJsonAsync<JsonArray>())!;
        Assert.Equal([leavers, trainedOn, october], history.Select(c => c!["datasetId"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync(checks, new { datasetId = october })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsJsonAsync(checks, new { datasetId = october })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/projects/{projectId}/models/churn/checks")).StatusCode);
        Assert.Contains("model.check", await (await owner.GetAsync($"/api/v1/projects/{projectId}/audit")).Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A file scored in batch is compared with the training data as an endpoint's inputs are.
        var scoredSame = await owner.StartAndWaitAsync(projectId, await File.ReadAllBytesAsync(Api.Telco400));
        var familiar = await (await viewer.GetAsync($"/api/v1/projects/{projectId}/scoring/{scoredSame["id"]}/drift")).ReadObjectAsync();
        Assert.Equal(("customers.csv", "churn", 400, true, "stable"), (familiar["source"]!.GetValue<string>(), familiar["model"]!.GetValue<string>(),
            familiar["predictions"]!.GetValue<int>(), familiar["enough"]!.GetValue<bool>(), familiar["level"]!.GetValue<string>()));
        Assert.Equal("The 400 rows of 'customers.csv' look like the data v1 was trained on.", familiar["summary"]!.GetValue<string>());
        // The same customers get the answers the model gave them in training.
        Assert.Equal("stable", familiar["answers"]!["level"]!.GetValue<string>());
        Assert.Equal(0, familiar["answers"]!["index"]!.GetValue<double>(), 6);
        var pricier = string.Join('\n', [lines[0], .. lines.Skip(1).Select(Tripled)]);
        var scoredPricier = await owner.StartAndWaitAsync(projectId, System.Text.Encoding.UTF8.GetBytes(pricier));
        var moved = await (await owner.GetAsync($"/api/v1/projects/{projectId}/scoring/{scoredPricier["id"]}/drift")).ReadObjectAsync();
        Assert.Equal("changed", moved["level"]!.GetValue<string>());
        Assert.StartsWith("'customers.csv' differs a lot from the data v1 was trained on: MonthlyCharges.", moved["summary"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/v1/projects/{projectId}/scoring/{scoredPricier["id"]}/drift")).StatusCode);

        // JSON lines are read through the ingestion the scoring used, not the single-table reader.
        var jsonl = string.Join('\n', (await TelcoRowsAsync()).Select(r => r.ToJsonString()));
        var started = await owner.StartAsync(projectId, System.Text.Encoding.UTF8.GetBytes(jsonl), fileName: "customers.jsonl");
        Assert.True(started.StatusCode == HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        var scoredJson = await owner.WaitForScoringAsync(projectId, (await started.ReadObjectAsync())["id"]!.GetValue<string>(), TimeSpan.FromSeconds(60));
        Assert.Equal("succeeded", scoredJson["status"]!.GetValue<string>());
        var fromJson = await (await owner.GetAsync($"/api/v1/projects/{projectId}/scoring/{scoredJson["id"]}/drift")).ReadObjectAsync();
        Assert.Equal(("customers.jsonl", 400, "stable"), (fromJson["source"]!.GetValue<string>(), fromJson["predictions"]!.GetValue<int>(), fromJson["level"]!.GetValue<string>()));
    }

    /// <summary>A line of the telco file with its monthly charges three times as high.</summary>
    private static string Tripled(string line)
    {
        var fields = line.Split(',');
        fields[^3] = (3 * double.Parse(fields[^3], CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture);
        return string.Join(',', fields);
    }

    /// <summary>The rows of the training file as an app would send them: every field as text, the answer left out.</summary>
    private static async Task<List<JsonObject>> TelcoRowsAsync()
    {
        var lines = await File.ReadAllLinesAsync(Api.Telco400);
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(line => new JsonObject(header.Zip(line.Split(','))
            .Where(f => f.First != "Churn")
            .Select(f => KeyValuePair.Create(f.First, (JsonNode?)JsonValue.Create(f.Second)))))];
    }

    private static JsonObject Tripled(JsonObject row)
    {
        var copy = row.DeepClone().AsObject();
        copy["MonthlyCharges"] = (3 * double.Parse(row["MonthlyCharges"]!.GetValue<string>(), CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture);
        return copy;
    }

    private static async Task PredictAsync(HttpClient client, string projectId, IReadOnlyList<JsonObject> rows)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/endpoints/churn-api/predict", new { rows });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The endpoint's drift report once the log writer has stored this many predictions (it writes in the background).</summary>
    private static async Task<JsonObject> WaitForPredictionsAsync(HttpClient client, string drift, int predictions)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var reports = (await (await client.GetAsync(drift, timeout.Token)).Content.ReadFromJsonAsync<JsonArray>(timeout.Token))!;
            if (reports.Count == 1 && reports[0]!["predictions"]!.GetValue<int>() >= predictions)
            {
                return reports[0]!.AsObject();
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    private static async Task<JsonArray> WaitForAlertsAsync(HttpClient client, string alerts, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var list = (await (await client.GetAsync(alerts, timeout.Token)).Content.ReadFromJsonAsync<JsonArray>(timeout.Token))!;
            if (list.Count >= count)
            {
                return list;
            }

            await Task.Delay(100, timeout.Token);
        }
    }
}
