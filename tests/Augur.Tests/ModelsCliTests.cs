using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Augur.Testing;

namespace Augur.Tests;

/// <summary>`augur models …` against a real `augur serve`: import a bundle trained by `augur train`, promote, roll back, tag, export.</summary>
public sealed class ModelsCliTests
{
    private const string Password = "models-cli-password";
    private static readonly string Telco = Path.Combine(AppContext.BaseDirectory, "Fixtures", "telco-400.csv");

    [Fact]
    public async Task The_registry_verbs_import_promote_roll_back_tag_and_export_through_the_api()
    {
        using var data = new TempDirectory();
        using var server = await RunningServer.StartAsync(data.Path, Password);
        var (baseAddress, projectId) = (server.BaseAddress, server.ProjectId);

        var (trainExit, _, trainErr) = await AugurProcess.RunAsync("train", "--data", Telco, "--target", "Churn", "--out", data.Combine("local"), "--budget", "3s", "--seed", "1");
        Assert.True(trainExit == 0, trainErr);
        var bundle = Path.Combine(data.Combine("local"), "model.augur");

        string[] Remote(params string[] verb) => server.Verb(["models", .. verb]);

        await AssertRunsAsync(Remote("import", "churn", bundle, "--description", "Trained on a laptop"), "as churn v1");
        await AssertRunsAsync(Remote("import", "churn", bundle), "as churn v2");
        await AssertRunsAsync(Remote("promote", "churn", "1"), "champion now points at v1");
        await AssertRunsAsync(Remote("promote", "churn", "v2"), "champion now points at v2 (was v1)");
        await AssertRunsAsync(Remote("rollback", "churn"), "champion now points at v1 (was v2)");
        await AssertRunsAsync(Remote("tag", "churn", "team=crm", "--version", "2"), "team=crm");
        await AssertRunsAsync(Remote("list"), "churn");

        var (showExit, showOut, showErr) = await AugurProcess.RunAsync(Remote("show", "churn", "--json"));
        Assert.True(showExit == 0, showErr);
        var model = JsonNode.Parse(showOut)!;
        Assert.Equal(1, model["aliases"]![0]!["version"]!.GetValue<int>());
        Assert.Equal("crm", model["versions"]![0]!["tags"]!["team"]!.GetValue<string>());
        Assert.Equal("Trained on a laptop", model["versions"]![1]!["description"]!.GetValue<string>());

        var exported = data.Combine("champion.augur");
        await AssertRunsAsync(Remote("export", "churn", "--version", "champion", "--out", exported), "Saved churn");
        Assert.Equal(await File.ReadAllBytesAsync(bundle), await File.ReadAllBytesAsync(exported));

        // A wrong key and an unknown model end with one line on stderr and exit code 2.
        var (badExit, _, badErr) = await AugurProcess.RunAsync("models", "list", "--server", baseAddress.ToString(), "--api-key", "augur_wrong", "--project", projectId);
        Assert.Equal(2, badExit);
        Assert.Contains("401", badErr, StringComparison.Ordinal);
        var (missingExit, _, missingErr) = await AugurProcess.RunAsync(Remote("show", "nope"));
        Assert.Equal(2, missingExit);
        Assert.Single(missingErr.Trim().Split('\n'));
        Assert.Contains("nope", missingErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_real_server_reads_uploads_past_kestrels_30_mb_default_up_to_the_configured_limit()
    {
        using var data = new TempDirectory();
        var baseAddress = new Uri($"http://127.0.0.1:{AugurProcess.FreePort()}");
        using var server = AugurProcess.Start(
            ["serve", "--urls", baseAddress.ToString(), "--data", data.Path],
            new Dictionary<string, string> { ["AUGUR_ADMIN_PASSWORD"] = Password, ["Augur__SeedDemo"] = "false", ["Augur__Workers"] = "0" });
        using var client = await ServerApi.SignInAsync(baseAddress, server, Password);
        var projectId = await ServerApi.CreateProjectAsync(client);

        // 40 MB that is not text: the whole body must reach Augur (no 413 from Kestrel), which then explains the refusal.
        using var form = new MultipartFormDataContent { { new ByteArrayContent(new byte[40 * 1024 * 1024]), "file", "big.csv" } };
        var response = await client.PostAsync($"/api/v1/projects/{projectId}/datasets", form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("big.csv: the name says CSV, but the content is binary data", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task AssertRunsAsync(string[] arguments, string expected)
    {
        var (exit, stdout, stderr) = await AugurProcess.RunAsync(arguments);
        Assert.True(exit == 0, $"augur {string.Join(' ', arguments[..3])} exited {exit}: {stderr}");
        Assert.Contains(expected, stdout, StringComparison.Ordinal);
    }
}
