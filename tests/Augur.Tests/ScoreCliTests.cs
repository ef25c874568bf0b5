using System.Net.Http.Json;
using Augur.Testing;

namespace Augur.Tests;

/// <summary>`augur score` against a real `augur serve`: upload, wait, download; `augur score status`.</summary>
public sealed class ScoreCliTests
{
    private const string Password = "score-cli-test-password";

    [Fact]
    public async Task Score_uploads_a_file_waits_and_downloads_the_predictions_then_status_reports_the_job()
    {
        using var data = new TempDirectory();
        var port = AugurProcess.FreePort();
        var address = $"http://127.0.0.1:{port}";
        using var server = AugurProcess.Start(
            ["serve", "--urls", address, "--data", data.Path],
            new Dictionary<string, string> { ["AUGUR_ADMIN_PASSWORD"] = Password, ["Augur__SeedDemo"] = "false" });
        using var client = await ServerApi.SignInAsync(new Uri(address), server, Password);
        var projectId = await ServerApi.CreateProjectAsync(client);
        var datasetId = await ServerApi.UploadAsync(client, projectId);
        var run = await ServerApi.ReadAsync(await client.PostAsJsonAsync($"/api/v1/projects/{projectId}/runs", new { datasetId, target = "Churn", budgetSeconds = 6 }));
        var trained = await ServerApi.WaitForStatusAsync(client, projectId, run["id"]!.GetValue<string>(), s => s is "succeeded" or "failed", TimeSpan.FromSeconds(90));
        Assert.Equal("succeeded", trained["status"]!.GetValue<string>());
        var secret = await ServerApi.CreateKeyAsync(client);

        var input = Path.Combine(AppContext.BaseDirectory, "Fixtures", "telco-400.csv");
        var output = Path.Combine(data.Path, "out", "scored.xlsx");
        var (exit, stdout, stderr) = await AugurProcess.RunAsync(
            "score", input, "--model", "churn", "--version", "latest", "--out", output, "--server", address, "--api-key", secret, "--project", "Restart");
        Assert.True(exit == 0, stderr);
        Assert.Equal("PK"u8.ToArray(), (await File.ReadAllBytesAsync(output))[..2]);
        Assert.Contains("Scored 400 rows with churn v1", stderr, StringComparison.Ordinal);
        var jobId = stdout.Trim();

        var (statusExit, statusOut, statusErr) = await AugurProcess.RunAsync(
            "score", "status", jobId, "--server", address, "--api-key", secret, "--project", projectId);
        Assert.True(statusExit == 0, statusErr);
        Assert.StartsWith("succeeded: 400 of 400 rows", statusOut, StringComparison.Ordinal);

        var (badExit, _, badErr) = await AugurProcess.RunAsync(
            "score", input, "--model", "no-such-model", "--server", address, "--api-key", secret, "--project", projectId);
        Assert.Equal(2, badExit);
        Assert.Contains("no-such-model", badErr, StringComparison.Ordinal);
    }
}
