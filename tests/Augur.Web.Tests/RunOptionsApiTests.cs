using System.Net;
using System.Net.Http.Json;

namespace Augur.Web.Tests;

/// <summary>A run told the task, the metric and a time column, as `augur train --task --metric --time-column` is.</summary>
public sealed class RunOptionsApiTests
{
    [Fact]
    public async Task A_run_uses_the_task_metric_and_time_column_it_was_given_and_keeps_them()
    {
        await using var factory = new AugurFactory();
        using var client = await factory.SignInAsync();
        var projectId = await client.CreateProjectAsync();
        var datasetId = (await client.UploadTelcoAsync(projectId))["id"]!.GetValue<string>();

        // Ranked by precision-recall area, validated on the customers with the longest tenure.
        var start = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "Churn", maxTrials = 2, metric = "prAuc", timeColumn = "tenure" });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var queued = await start.ReadObjectAsync();
        Assert.Equal("prAuc", queued["requestedMetric"]!.GetValue<string>());
        Assert.Equal("tenure", queued["timeColumn"]!.GetValue<string>());
        var runId = queued["id"]!.GetValue<string>();
        var run = await client.WaitForRunAsync(projectId, runId, TimeSpan.FromSeconds(120));
        Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.Json());
        Assert.Equal("prAuc", run["metric"]!.GetValue<string>());
        var report = await (await client.GetAsync($"/api/v1/projects/{projectId}/runs/{runId}/report")).ReadObjectAsync();
        Assert.Equal("time", report["validation"]!.GetValue<string>());

        // SeniorCitizen holds 0 and 1: detected as yes/no, predicted as an amount when asked.
        var asAmount = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "SeniorCitizen", maxTrials = 1, task = "regression" });
        var regression = await client.WaitForRunAsync(projectId, (await asAmount.ReadObjectAsync())["id"]!.GetValue<string>(), TimeSpan.FromSeconds(120));
        Assert.True(regression["status"]!.GetValue<string>() == "succeeded", regression.Json());
        Assert.Equal("regression", regression["task"]!.GetValue<string>());
        Assert.Equal("regression", regression["requestedTask"]!.GetValue<string>());
        Assert.Equal("rmse", regression["metric"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_goal_ranks_by_its_measure_and_the_finished_run_says_whether_its_model_meets_it()
    {
        await using var factory = new AugurFactory();
        using var client = await factory.SignInAsync();
        var projectId = await client.CreateProjectAsync();
        var datasetId = (await client.UploadTelcoAsync(projectId))["id"]!.GetValue<string>();

        // In words, as the dashboard's box takes it; kept as Augur writes it back.
        var easy = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "Churn", maxTrials = 1, goal = "Accuracy at least 1%" });
        Assert.Equal(HttpStatusCode.Accepted, easy.StatusCode);
        var queued = await easy.ReadObjectAsync();
        Assert.Equal("accuracy >= 0.01", queued["goal"]!.GetValue<string>());
        Assert.Null(queued["goalMet"]);
        var met = await client.WaitForRunAsync(projectId, queued["id"]!.GetValue<string>(), TimeSpan.FromSeconds(120));
        Assert.True(met["status"]!.GetValue<string>() == "succeeded", met.Json());
        Assert.Equal("accuracy", met["metric"]!.GetValue<string>());
        Assert.True(met["goalMet"]!.GetValue<bool>());

        // A goal no model reaches here; the metric asked for still ranks the tries.
        var hard = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "Churn", maxTrials = 1, goal = "auc > 0.999", metric = "logLoss" });
        var missed = await client.WaitForRunAsync(projectId, (await hard.ReadObjectAsync())["id"]!.GetValue<string>(), TimeSpan.FromSeconds(120));
        Assert.True(missed["status"]!.GetValue<string>() == "succeeded", missed.Json());
        Assert.Equal("logLoss", missed["metric"]!.GetValue<string>());
        Assert.False(missed["goalMet"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_requirement_in_plain_english_gives_the_target_goal_and_budget_the_request_leaves_out()
    {
        await using var factory = new AugurFactory();
        using var client = await factory.SignInAsync();
        var projectId = await client.CreateProjectAsync();
        var datasetId = (await client.UploadTelcoAsync(projectId))["id"]!.GetValue<string>();

        var start = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, maxTrials = 1, ask = "Predict which customers churn in the next 30 days, accuracy at least 1%, within 20 seconds" });

        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var queued = await start.ReadObjectAsync();
        Assert.Equal("Churn", queued["target"]!.GetValue<string>());
        Assert.Equal("accuracy >= 0.01", queued["goal"]!.GetValue<string>());
        Assert.Equal(20, queued["budgetSeconds"]!.GetValue<double>());
        // What was understood is kept with the run, with what the words said that Augur does not use.
        Assert.StartsWith(
            "Understood: predict Churn; good enough when accuracy at least 0.01; spend 20 s. 'in the next 30 days' is not used:",
            queued["understood"]!.GetValue<string>(),
            StringComparison.Ordinal);
        var run = await client.WaitForRunAsync(projectId, queued["id"]!.GetValue<string>(), TimeSpan.FromSeconds(120));
        Assert.True(run["goalMet"]!.GetValue<bool>(), run.Json());
        Assert.Equal(queued["understood"]!.GetValue<string>(), run["understood"]!.GetValue<string>());

        // What the request gives itself wins: here the target, so only the goal is read from the words.
        var told = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "Contract", budgetSeconds = 5, ask = "predict churn, log loss below 2" });
        var contract = await told.ReadObjectAsync();
        Assert.Equal(("Contract", "logLoss < 2", 5.0), (contract["target"]!.GetValue<string>(), contract["goal"]!.GetValue<string>(), contract["budgetSeconds"]!.GetValue<double>()));
        // Said back as the run will be: its own column and time, the sentence's goal.
        Assert.Equal("Understood: predict Contract; good enough when log loss below 2; spend 5 s.", contract["understood"]!.GetValue<string>());
        await client.WaitForRunAsync(projectId, contract["id"]!.GetValue<string>(), TimeSpan.FromSeconds(120));
    }

    [Fact]
    public async Task Columns_left_out_are_not_learned_from_and_a_retrain_leaves_them_out_too()
    {
        await using var factory = new AugurFactory();
        using var client = await factory.SignInAsync();
        var projectId = await client.CreateProjectAsync();
        var datasetId = (await client.UploadTelcoAsync(projectId))["id"]!.GetValue<string>();

        // A name given twice is kept once; the order is the one given.
        var start = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "Churn", maxTrials = 1, ignore = new[] { "tenure", "Contract", "tenure" } });

        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var queued = await start.ReadObjectAsync();
        Assert.Equal(["tenure", "Contract"], queued["ignore"]!.AsArray().Select(c => c!.GetValue<string>()));
        var runId = queued["id"]!.GetValue<string>();
        var run = await client.WaitForRunAsync(projectId, runId, TimeSpan.FromSeconds(120));
        Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.Json());
        var report = await (await client.GetAsync($"/api/v1/projects/{projectId}/runs/{runId}/report")).ReadObjectAsync();
        var learnedFrom = report["featureImportance"]!.AsArray().Select(f => f!["column"]!.GetValue<string>()).ToList();
        Assert.Contains("MonthlyCharges", learnedFrom);
        Assert.DoesNotContain("tenure", learnedFrom);
        Assert.DoesNotContain("Contract", learnedFrom);

        // The model scores rows without the columns it never learned from.
        var model = run["modelName"]!.GetValue<string>();
        var row = Api.CustomerRow();
        row.Remove("tenure");
        row.Remove("Contract");
        var scored = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/models/{model}/predict", new { rows = new[] { row } });
        Assert.True(scored.StatusCode == HttpStatusCode.OK, await scored.Content.ReadAsStringAsync());

        // A run spread over two workers (a study) leaves them out on every worker.
        var study = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "Churn", maxTrials = 2, parallelism = 2, ignore = new[] { "tenure" } });
        var studyId = (await study.ReadObjectAsync())["id"]!.GetValue<string>();
        var spread = await client.WaitForRunAsync(projectId, studyId, TimeSpan.FromSeconds(120));
        Assert.True(spread["status"]!.GetValue<string>() == "succeeded", spread.Json());
        var studyReport = await (await client.GetAsync($"/api/v1/projects/{projectId}/runs/{studyId}/report")).ReadObjectAsync();
        Assert.DoesNotContain("tenure", studyReport["featureImportance"]!.AsArray().Select(f => f!["column"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("{\"ignore\": [\"duration\"]}", "ignore", "There is no column 'duration' to leave out. The columns are: customerID,")]
    [InlineData("{\"folds\": 11}", "folds", "Cross-validation takes between 2 and 10 folds.")]
    [InlineData("{\"ignore\": [\"Churn\"]}", "ignore", "'Churn' is the column to predict, so it cannot be left out.")]
    [InlineData("{\"goal\": \"cost below 0.5\"}", "goal", "'cost < 0.5' is about the cost of mistakes, so it needs the costs")]
    [InlineData("{\"ask\": \"who will leave us?\"}", "ask", "'who will leave us?' names none of the columns")]
    [InlineData("{\"metric\": \"rmse\"}", "metric", "The metric 'rmse' is not one Augur ranks by. Choose one of: auc, logLoss, prAuc, f1, accuracy, precision, recall.")]
    [InlineData("{\"metric\": \"bogus\"}", "metric", "The metric 'bogus' is not one Augur ranks by. Choose one of: auc,")]
    [InlineData("{\"metric\": \"auc\", \"task\": \"regression\"}", "metric", "The metric 'auc' is not one Augur ranks by for regression tasks. Choose one of: rmse, mae, r2, mape.")]
    [InlineData("{\"timeColumn\": \"signupDate\"}", "timeColumn", "The time column 'signupDate' is not in the dataset. Its columns are: customerID,")]
    [InlineData("{\"goal\": \"rmse > 3\"}", "goal", "'rmse > 3' asks for a worse model: a lower RMSE is better, so write e.g. 'RMSE below 3'.")]
    [InlineData("{\"goal\": \"as good as possible\"}", "goal", "'as good as possible' is not a goal")]
    [InlineData("{\"goal\": \"rmse < 3\", \"task\": \"binary\"}", "goal", "RMSE is not measured for a yes/no column. Use one of: AUC, log loss, PR-AUC, F1, accuracy, precision, recall.")]
    [InlineData("{\"timeColumn\": \"Churn\"}", "timeColumn", "The time column cannot be the column to predict, 'Churn'.")]
    public async Task Options_the_data_cannot_use_are_a_400_naming_the_field(string options, string field, string message)
    {
        await using var factory = new AugurFactory();
        using var client = await factory.SignInAsync();
        var projectId = await client.CreateProjectAsync();
        var datasetId = (await client.UploadTelcoAsync(projectId))["id"]!.GetValue<string>();
        var body = System.Text.Json.Nodes.JsonNode.Parse(options)!.AsObject();
        body["datasetId"] = datasetId;
        if (!body.ContainsKey("ask"))
        {
            body["target"] = "Churn";
        }

        var response = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadObjectAsync();
        Assert.Contains(message, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(problem["errors"]?[field]);
    }
}
