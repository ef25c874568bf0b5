using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Augur.Testing;

namespace Augur.Tests;

/// <summary>`augur monitor …` against a real `augur serve`: a model checked on a file whose outcomes turned, drift and alerts.</summary>
public sealed class MonitorCliTests
{
    private const string Password = "monitor-cli-password";
    private static readonly string Telco = Path.Combine(AppContext.BaseDirectory, "Fixtures", "telco-400.csv");

    [Fact]
    public async Task A_model_is_checked_on_a_file_with_known_outcomes_and_drift_and_alerts_are_read_through_the_api()
    {
        using var data = new TempDirectory();
        using var server = await RunningServer.StartAsync(data.Path, Password);
        var (trainExit, _, trainErr) = await AugurProcess.RunAsync("train", "--data", Telco, "--target", "Churn", "--out", data.Combine("local"), "--budget", "3s", "--seed", "1");
        Assert.True(trainExit == 0, trainErr);

        string[] Remote(params string[] verb) => server.Verb(verb);
        await AssertRunsAsync(Remote("models", "import", "churn", Path.Combine(data.Combine("local"), "model.augur")), "as churn v1");

        // A month on, every outcome turned.
        var lines = await File.ReadAllLinesAsync(Telco);
        var turned = data.Combine("october.csv");
        await File.WriteAllLinesAsync(turned, [lines[0], .. lines.Skip(1).Select(l => l.EndsWith(",Yes", StringComparison.Ordinal) ? l[..^3] + "No" : l[..^2] + "Yes")]);
        await AssertRunsAsync(Remote("monitor", "check", "churn", "--data", turned), "It is much worse than in training");
        // The upload stays a dataset of the project, to check other versions on later.
        await AssertRunsAsync(Remote("monitor", "check", "churn", "--dataset", "october", "--version", "1"), "On 'october' (400 rows whose outcome is known), v1 scores AUC ");

        await AssertRunsAsync(Remote("deploy", "create", "churn-api", "--model", "churn", "--version", "latest"), "churn-api");
        await AssertRunsAsync(Remote("monitor", "drift", "churn-api"), "No predictions were logged lately");
        await AssertRunsAsync(Remote("monitor", "alerts"), "No open alerts.");

        var (noData, _, why) = await AugurProcess.RunAsync(Remote("monitor", "check", "churn"));
        Assert.Equal(2, noData);
        Assert.Contains("Give the data to check on: --data FILE (uploaded now) or --dataset NAME (already uploaded).", why, StringComparison.Ordinal);
        var (unknown, _, because) = await AugurProcess.RunAsync(Remote("monitor", "check", "churn", "--dataset", "november"));
        Assert.Equal(2, unknown);
        Assert.Contains("--dataset november: the project has no such dataset. Its datasets are: october.", because, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endpoint_whose_inputs_changed_shows_its_drift_and_the_alert_the_check_raised_is_dismissed()
    {
        using var data = new TempDirectory();
        // Every prediction logged, a verdict from 100, and the drift check every two seconds.
        using var server = await RunningServer.StartAsync(data.Path, Password, new Dictionary<string, string>
        {
            ["Augur__Serving__LogSampleRate"] = "1",
            ["Augur__Monitoring__MinPredictions"] = "100",
            ["Augur__Monitoring__Cron"] = "0/2 * * * * ?",
        });
        var datasetId = await ServerApi.UploadAsync(server.Client, server.ProjectId);
        var run = await ServerApi.ReadAsync(await server.Client.PostAsJsonAsync($"/api/v1/projects/{server.ProjectId}/runs", new { datasetId, target = "Churn", maxTrials = 1 }));
        var done = await ServerApi.WaitForStatusAsync(server.Client, server.ProjectId, run["id"]!.GetValue<string>(), s => s is "succeeded" or "failed", TimeSpan.FromMinutes(2));
        Assert.Equal("succeeded", done["status"]!.GetValue<string>());
        await AssertRunsAsync(server.Verb("deploy", "create", "churn-api", "--model", "churn", "--version", "latest"), "churn-api");

        // A file scored in batch, compared by the id 'augur score' printed: the training customers, answered as in training.
        var (scored, scoredOut, scoredErr) = await AugurProcess.RunAsync(server.Verb("score", Telco, "--model", "churn", "--out", data.Combine("scored.csv")));
        Assert.True(scored == 0, scoredErr);
        var job = scoredOut.Trim().Split('\n')[^1].Trim();
        await AssertRunsAsync(server.Verb("monitor", "drift", "--scoring", job), "Its answers: stable. It answers much as it did on its training data.");
        var (both, _, neither) = await AugurProcess.RunAsync(server.Verb("monitor", "drift", "churn-api", "--scoring", job));
        Assert.Equal(2, both);
        Assert.Contains("Name an endpoint (augur monitor drift churn-api) or a scoring job", neither, StringComparison.Ordinal);

        // The training customers at three times the price.
        var lines = await File.ReadAllLinesAsync(Telco);
        var header = lines[0].Split(',');
        var rows = lines.Skip(1).Select(line => header.Zip(line.Split(',')).Where(f => f.First != "Churn")
            .ToDictionary(f => f.First, f => f.First == "MonthlyCharges" ? (3 * double.Parse(f.Second, CultureInfo.InvariantCulture)).ToString(CultureInfo.InvariantCulture) : f.Second)).ToList();
        (await server.Client.PostAsJsonAsync($"/api/v1/projects/{server.ProjectId}/endpoints/churn-api/predict", new { rows })).EnsureSuccessStatusCode();

        await EventuallyAsync(server.Verb("monitor", "drift", "churn-api"), "changed a lot since it was trained: MonthlyCharges");
        var alerts = await EventuallyAsync(server.Verb("monitor", "alerts", "--json"), "MonthlyCharges");
        var id = JsonNode.Parse(alerts)!.AsArray().Single()!["id"]!.GetValue<string>();
        await AssertRunsAsync(server.Verb("monitor", "dismiss", id), "Dismissed.");
        await AssertRunsAsync(server.Verb("monitor", "alerts"), "No open alerts.");
        await AssertRunsAsync(server.Verb("monitor", "alerts", "--all"), "dismissed");
    }

    /// <summary>Runs the verb until its output holds the text (the log writer and the drift check run in the background); returns that output.</summary>
    private static async Task<string> EventuallyAsync(string[] arguments, string expected)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var (exit, output, error) = await AugurProcess.RunAsync(arguments);
            Assert.True(exit == 0, $"augur {string.Join(' ', arguments)} exited {exit}: {error}");
            if (output.Contains(expected, StringComparison.Ordinal))
            {
                return output;
            }

            await Task.Delay(500, timeout.Token);
        }
    }

    private static async Task AssertRunsAsync(string[] arguments, string expected)
    {
        var (exit, output, error) = await AugurProcess.RunAsync(arguments);
        Assert.True(exit == 0, $"augur {string.Join(' ', arguments)} exited {exit}: {error}");
        Assert.Contains(expected, output + error, StringComparison.Ordinal);
    }
}
