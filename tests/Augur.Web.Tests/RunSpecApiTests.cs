using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Augur.Web.Tests;

/// <summary>POST …/runs with a YAML spec (Content-Type: application/yaml): the file `augur train --spec` reads, sent to a project.</summary>
public sealed class RunSpecApiTests
{
    [Fact]
    public async Task A_yaml_spec_queues_the_run_it_describes_on_the_dataset_it_names()
    {
        await using var factory = new AugurFactory();
        using var client = await factory.SignInAsync();
        var projectId = await client.CreateProjectAsync();
        await client.UploadTelcoAsync(projectId);

        // The same file runs with `augur train --spec`, where 'data' is the file beside it.
        var response = await client.PostAsync($"/api/v1/projects/{projectId}/runs", Yaml("""
            data: telco.csv
            target: Churn
            goal: accuracy at least 1%
            budget: 40s
            maxTrials: 2
            seed: 7
            folds: 3
            ignore: [tenure]
            features:
              charges_per_month: TotalCharges / (tenure + 1)
            costs:
              falseNegative: 5
            """));

        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var queued = await response.ReadObjectAsync();
        Assert.Equal("Churn", queued["target"]!.GetValue<string>());
        Assert.Equal("accuracy >= 0.01", queued["goal"]!.GetValue<string>());
        Assert.Equal((40.0, 2, 7, 3), (queued["budgetSeconds"]!.GetValue<double>(), queued["maxTrials"]!.GetValue<int>(), queued["seed"]!.GetValue<int>(), queued["folds"]!.GetValue<int>()));
        Assert.Equal(["tenure"], queued["ignore"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("TotalCharges / (tenure + 1)", queued["features"]!["charges_per_month"]!.GetValue<string>());
        Assert.Equal(5, queued["costs"]!["falseNegative"]!.GetValue<double>());

        var runId = queued["id"]!.GetValue<string>();
        var run = await client.WaitForRunAsync(projectId, runId, TimeSpan.FromSeconds(120));
        Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.Json());
        Assert.True(run["goalMet"]!.GetValue<bool>());
        var report = await (await client.GetAsync($"/api/v1/projects/{projectId}/runs/{runId}/report")).ReadObjectAsync();
        Assert.Equal("3-fold", report["validation"]!.GetValue<string>());
        var columns = report["featureImportance"]!.AsArray().Select(f => f!["column"]!.GetValue<string>()).ToList();
        Assert.Contains("charges_per_month", columns);
        Assert.DoesNotContain("tenure", columns);

        // The run's settings come back as a spec, which queues the same run again.
        var written = await client.GetAsync($"/api/v1/projects/{projectId}/runs/{runId}/spec");
        Assert.Equal("application/yaml", written.Content.Headers.ContentType!.MediaType);
        var spec = await written.Content.ReadAsStringAsync();
        Assert.Equal(
            "data: telco.csv\ntarget: Churn\ngoal: accuracy >= 0.01\nbudget: 40s\nmaxTrials: 2\nseed: 7\nfolds: 3\nignore: [tenure]\n"
            + "features:\n  charges_per_month: TotalCharges / (tenure + 1)\ncosts:\n  falsePositive: 1\n  falseNegative: 5\n",
            spec.ReplaceLineEndings("\n"));
        var again = await (await client.PostAsync($"/api/v1/projects/{projectId}/runs", Yaml(spec))).ReadObjectAsync();
        foreach (var setting in new[] { "datasetId", "target", "goal", "budgetSeconds", "maxTrials", "seed", "folds", "ignore", "features", "costs" })
        {
            Assert.Equal(queued[setting]!.ToJsonString(), again[setting]!.ToJsonString());
        }

        await client.WaitForRunAsync(projectId, again["id"]!.GetValue<string>(), TimeSpan.FromSeconds(120));
    }

    [Theory]
    [InlineData("data: telco.csv\ntargt: Churn\n", "spec", "spec, line 2: 'targt' is not a setting of a training spec. The settings are: data, ask, target,")]
    [InlineData("data: telco.csv\ntarget: Churn\nbudget: soon\n", "spec", "spec, line 3: 'budget' should be a time such as 90s, 5m or 1h, not 'soon'.")]
    [InlineData("target: [Churn\n", "spec", "spec, line 2: this cannot be read as YAML")]
    [InlineData("target: Churn\n", "data", "spec: say which dataset to train on, e.g. 'data: telco'.")]
    [InlineData("data: telco\nbudget: 5m\n", "target", "spec: say which column to predict, e.g. 'target: Churn'")]
    [InlineData("data: customers.xlsx\ntarget: Churn\n", "data", "spec, line 1: this project has no dataset 'customers.xlsx'. Its datasets are: telco.")]
    [InlineData("data: telco\ntarget: Churned\n", "target", "spec, line 2: The column 'Churned' is not in the dataset 'telco'.")]
    [InlineData("data: telco\ntarget: Churn\n\nignore: [duration]\n", "ignore", "spec, line 4: There is no column 'duration' to leave out.")]
    [InlineData("data: telco\ntarget: Churn\nfolds: 1\n", "folds", "spec, line 3: Cross-validation takes between 2 and 10 folds.")]
    [InlineData("data: telco\ntarget: Churn\ngoal: rmse < 3\n", "goal", "spec, line 3: RMSE is not measured for a yes/no column. Use one of: AUC,")]
    public async Task A_mistake_in_a_yaml_spec_is_a_400_naming_the_line_and_nothing_is_queued(string yaml, string field, string message)
    {
        await using var factory = new AugurFactory();
        using var client = await factory.SignInAsync();
        var projectId = await client.CreateProjectAsync();
        await client.UploadTelcoAsync(projectId);

        var response = await client.PostAsync($"/api/v1/projects/{projectId}/runs", Yaml(yaml));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ReadObjectAsync();
        Assert.Contains(message, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(problem["errors"]?[field]);
        Assert.Empty((await (await client.GetAsync($"/api/v1/projects/{projectId}/runs")).ReadObjectAsync())["items"]!.AsArray());
    }

    [Fact]
    public async Task A_spec_longer_than_a_spec_and_a_body_in_neither_json_nor_yaml_are_refused()
    {
        await using var factory = new AugurFactory();
        using var client = await factory.SignInAsync();
        var projectId = await client.CreateProjectAsync();

        var huge = await client.PostAsync($"/api/v1/projects/{projectId}/runs", Yaml("target: Churn\n# " + new string('x', 70_000) + "\n"));
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        Assert.Contains("A spec is a few lines of YAML; this one is over 64 KB.", await huge.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var text = await client.PostAsync($"/api/v1/projects/{projectId}/runs", new StringContent("target: Churn", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
    }

    [Fact]
    public async Task Only_an_editor_of_the_project_may_send_a_spec_and_another_tenant_gets_404()
    {
        await using var factory = new AugurFactory();
        using var owner = await factory.CreateUserAndSignInAsync("owner");
        using var viewer = await factory.CreateUserAndSignInAsync("victor");
        using var intruder = await factory.CreateUserAndSignInAsync("intruder");
        var projectId = await owner.CreateProjectAsync("Owner's project");
        await owner.UploadTelcoAsync(projectId);
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync($"/api/v1/projects/{projectId}/members", new { userName = "victor", role = "viewer" })).StatusCode);
        const string Spec = "data: telco\ntarget: Churn\nmaxTrials: 1\n";

        var stranger = await intruder.PostAsync($"/api/v1/projects/{projectId}/runs", Yaml(Spec));
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        Assert.DoesNotContain("telco", await stranger.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/api/v1/projects/{projectId}/runs", Yaml(Spec))).StatusCode);
        using var anonymous = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync($"/api/v1/projects/{projectId}/runs", Yaml(Spec))).StatusCode);
        Assert.Empty((await (await owner.GetAsync($"/api/v1/projects/{projectId}/runs")).ReadObjectAsync())["items"]!.AsArray());
    }

    private static StringContent Yaml(string yaml) => new(yaml, Encoding.UTF8, "application/yaml");
}
