using System.Net;
using System.Net.Http.Json;

namespace Augur.Web.Tests;

/// <summary>Another tenant must not learn that a project, or anything in it, exists: every route answers 404.</summary>
public sealed class TenantIsolationTests
{
    [Fact]
    public async Task Another_user_gets_404_for_every_route_of_a_project_they_do_not_own()
    {
        await using var factory = new AugurFactory();
        using var owner = await factory.CreateUserAndSignInAsync("owner");
        using var intruder = await factory.CreateUserAndSignInAsync("intruder");
        var projectId = await owner.CreateProjectAsync("Owner's project");
        var dataset = await owner.UploadTelcoAsync(projectId);
        var datasetId = dataset["id"]!.GetValue<string>();
        var start = await owner.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "Churn", budgetSeconds = 3 });
        var runId = (await start.ReadObjectAsync())["id"]!.GetValue<string>();
        var run = await owner.WaitForRunAsync(projectId, runId, TimeSpan.FromSeconds(90));
        Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.Json());

        // The owner reads the run's report: what matters most, whom to contact first, the ID that was not used.
        var answer = await owner.GetAsync($"/api/v1/projects/{projectId}/runs/{runId}/report");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var report = await answer.ReadObjectAsync();
        Assert.NotEmpty(report["featureImportance"]!.AsArray());
        Assert.Equal(10, report["liftTable"]!.AsArray().Count);
        Assert.Equal("Yes", report["positiveLabel"]!.GetValue<string>());
        Assert.Equal("customerID", Assert.Single(report["identifierColumns"]!.AsArray())!.GetValue<string>());
        // The version the run registered keeps the same report.
        var versionReport = await (await owner.GetAsync($"/api/v1/projects/{projectId}/models/churn/versions/latest/report")).ReadObjectAsync();
        Assert.Equal(report.ToJsonString(), versionReport.ToJsonString());

        var gets = new[]
        {
            $"/api/v1/projects/{projectId}",
            $"/api/v1/projects/{projectId}/datasets",
            $"/api/v1/projects/{projectId}/datasets/{datasetId}",
            $"/api/v1/projects/{projectId}/datasets/{datasetId}/rows",
            $"/api/v1/projects/{projectId}/runs",
            $"/api/v1/projects/{projectId}/runs/{runId}",
            $"/api/v1/projects/{projectId}/runs/{runId}/trials",
            $"/api/v1/projects/{projectId}/runs/{runId}/report",
            $"/api/v1/projects/{projectId}/runs/{runId}/spec",
            $"/api/v1/projects/{projectId}/runs/compare?runIds={runId}&runIds={runId}",
            $"/api/v1/projects/{projectId}/leaderboard",
            $"/api/v1/projects/{projectId}/models",
            $"/api/v1/projects/{projectId}/models/churn",
            $"/api/v1/projects/{projectId}/models/churn/versions/1/report",
        };
        foreach (var url in gets)
        {
            var response = await intruder.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"GET {url} answered {response.StatusCode}");
            Assert.DoesNotContain("7590-VHVEG", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var predict = await intruder.PostAsJsonAsync($"/api/v1/projects/{projectId}/models/churn/predict", new { rows = new[] { Api.CustomerRow() } });
        Assert.Equal(HttpStatusCode.NotFound, predict.StatusCode);
        var train = await intruder.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "Churn" });
        Assert.Equal(HttpStatusCode.NotFound, train.StatusCode);
        var upload = await intruder.UploadAsync(projectId, "x.csv", "a,b\n1,2\n"u8.ToArray());
        Assert.Equal(HttpStatusCode.NotFound, upload.StatusCode);

        var visible = await (await intruder.GetAsync("/api/v1/projects")).ReadArrayAsync();
        Assert.Empty(visible);
    }

    [Fact]
    public async Task Anonymous_callers_get_401_from_the_api()
    {
        await using var factory = new AugurFactory();
        using var anonymous = factory.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/projects")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/projects", new { name = "x" })).StatusCode);
    }

    [Fact]
    public async Task Only_the_admin_can_create_users()
    {
        await using var factory = new AugurFactory();
        using var user = await factory.CreateUserAndSignInAsync("plain");
        var response = await user.PostAsJsonAsync("/api/v1/users", new { userName = "sneaky", password = "sneaky-password" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_without_saying_which_part_was_wrong()
    {
        await using var factory = new AugurFactory();
        using var client = factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName = "admin", password = "wrong" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("user name or password", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
