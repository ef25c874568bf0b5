using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Augur.Testing;

namespace Augur.Tests;

/// <summary>`augur deploy` against a real `augur serve`: create, split, show, key, predict with the key, roll back, delete.</summary>
public sealed class DeployCliTests
{
    private const string Password = "deploy-test-password";

    [Fact]
    public async Task Deploy_verbs_create_split_roll_back_and_issue_a_key_that_predicts()
    {
        using var data = new TempDirectory();
        var port = AugurProcess.FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        using var server = AugurProcess.Start(
            ["serve", "--urls", baseAddress.ToString(), "--data", data.Path],
            new Dictionary<string, string> { ["AUGUR_ADMIN_PASSWORD"] = Password, ["Augur__SeedDemo"] = "false" });
        using var client = await ServerApi.SignInAsync(baseAddress, server, Password);
        var projectId = await ServerApi.CreateProjectAsync(client);
        var datasetId = await ServerApi.UploadAsync(client, projectId);
        var start = await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "Churn", budgetSeconds = 5 });
        var runId = (await ServerApi.ReadAsync(start))["id"]!.GetValue<string>();
        var run = await ServerApi.WaitForStatusAsync(client, projectId, runId, s => s is "succeeded" or "failed", TimeSpan.FromSeconds(120));
        Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.ToJsonString());
        string[] common = ["--server", baseAddress.ToString(), "--api-key", await ServerApi.CreateKeyAsync(client), "--project", projectId];

        async Task<string> Augur(params string[] arguments)
        {
            var (exit, stdout, stderr) = await AugurProcess.RunAsync([.. arguments, .. common]);
            Assert.True(exit == 0, $"augur {string.Join(' ', arguments)} exited {exit}: {stderr}");
            return stdout;
        }

        // The table of versions is followed by how each trained version's served model was made.
        Assert.Matches(@"v1: (The model is|A blend of \d+ models:)", await Augur("models", "show", "churn"));
        Assert.Contains("latest=100", await Augur("deploy", "create", "churn-api", "--model", "churn", "--version", "latest"), StringComparison.Ordinal);
        Assert.Contains("latest=90, v1=10", await Augur("deploy", "split", "churn-api", "--target", "latest=90", "--target", "v1=10"), StringComparison.Ordinal);
        Assert.Contains("churn-api", await Augur("deploy", "list"), StringComparison.Ordinal);
        var created = await Augur("deploy", "key", "create", "--name", "web shop", "--endpoint", "churn-api");
        var secret = created.Split('\n', StringSplitOptions.TrimEntries).Single(l => l.StartsWith("augur_ep_", StringComparison.Ordinal));

        using (var app = new HttpClient { BaseAddress = baseAddress })
        {
            app.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
            var row = new Dictionary<string, object> { ["gender"] = "Female", ["SeniorCitizen"] = 0, ["Partner"] = "Yes", ["Dependents"] = "No", ["tenure"] = 2, ["PhoneService"] = "Yes", ["MultipleLines"] = "No", ["InternetService"] = "Fiber optic", ["OnlineSecurity"] = "No", ["OnlineBackup"] = "No", ["DeviceProtection"] = "No", ["TechSupport"] = "No", ["StreamingTV"] = "Yes", ["StreamingMovies"] = "Yes", ["Contract"] = "Month-to-month", ["PaperlessBilling"] = "Yes", ["PaymentMethod"] = "Electronic check", ["MonthlyCharges"] = 95.5, ["TotalCharges"] = 191.0 };
            var answer = await app.PostAsJsonAsync($"/api/v1/projects/{projectId}/endpoints/churn-api/predict", new { dataframe_records = new[] { row } });
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        Assert.Contains("requests", await Augur("deploy", "show", "churn-api"), StringComparison.Ordinal);
        Assert.Contains("latest=100", await Augur("deploy", "rollback", "churn-api"), StringComparison.Ordinal);
        var keys = await Augur("deploy", "key", "list");
        var keyId = keys.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        Assert.Contains("Revoked", await Augur("deploy", "key", "revoke", keyId), StringComparison.Ordinal);
        Assert.Contains("Deleted", await Augur("deploy", "delete", "churn-api"), StringComparison.Ordinal);

        var (exit, _, stderr) = await AugurProcess.RunAsync(["deploy", "show", "churn-api", .. common]);
        Assert.Equal(2, exit);
        Assert.Contains("churn-api", stderr, StringComparison.Ordinal);
    }
}
