using System.Text.Json.Nodes;
using Augur.Testing;

namespace Augur.Tests;

/// <summary>`augur recommend` as a store would run it, on a small synthetic export in the store's shape.</summary>
public sealed class RecommendCliTests
{
    private static readonly string Events = Path.Combine(AppContext.BaseDirectory, "Fixtures", "store-events.csv");

    [Fact]
    public async Task Recommend_train_writes_a_bundle_and_metrics_with_the_baselines_and_a_fresh_process_serves_from_it()
    {
        using var dir = new TempDirectory();
        var (exit, _, stderr) = await AugurProcess.RunAsync("recommend", "train", "--events", Events, "--user-col", "user_id", "--item-col", "ecom.nm", "--time-col", "utc_event_time", "--model", "sar", "--out", dir.Path);
        Assert.True(exit == 0, stderr);
        Assert.True(File.Exists(dir.Combine("recommender.augurrec")));
        var metrics = JsonNode.Parse(await File.ReadAllTextAsync(dir.Combine("metrics.json")))!;
        var models = metrics["reports"]!.AsArray().Select(r => r!["model"]!.GetValue<string>()).ToList();
        Assert.Equal(["popularity", "recent-popularity", "cluster-popularity", "sar"], models);
        Assert.All(metrics["reports"]!.AsArray(), r => Assert.InRange(r!["ndcg"]!.GetValue<double>(), 0, 1));

        var (userExit, stdout, userErr) = await AugurProcess.RunAsync("recommend", "user", "--model", dir.Path, "--user", "c001", "--k", "3");
        Assert.True(userExit == 0, userErr);
        var result = JsonNode.Parse(stdout)!;
        Assert.True(result["known"]!.GetValue<bool>());
        Assert.Equal(3, result["items"]!.AsArray().Count);
        Assert.All(result["items"]!.AsArray(), i => Assert.False(string.IsNullOrWhiteSpace(i!["reason"]!.GetValue<string>())));

        var (_, newcomer, _) = await AugurProcess.RunAsync("recommend", "user", "--model", dir.Path, "--user", "someone-new", "--k", "2");
        Assert.Equal("popular with all customers", JsonNode.Parse(newcomer)!["items"]![0]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Recommend_evaluate_prints_json_for_the_model_beside_the_baselines()
    {
        var (exit, stdout, stderr) = await AugurProcess.RunAsync("recommend", "evaluate", "--train", Events, "--split-at", "2026-03-24", "--model", "ease", "--k", "5", "--json");
        Assert.True(exit == 0, stderr);
        var reports = JsonNode.Parse(stdout)!["reports"]!.AsArray();
        Assert.Equal(["popularity", "recent-popularity", "cluster-popularity", "ease"], reports.Select(r => r!["model"]!.GetValue<string>()));
        Assert.All(reports, r => Assert.Equal(5, r!["k"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Recommend_verbs_exit_2_with_one_clear_line_for_a_missing_file_or_an_unknown_model()
    {
        using var dir = new TempDirectory();
        var (exit, _, stderr) = await AugurProcess.RunAsync("recommend", "train", "--events", dir.Combine("nope.csv"), "--out", dir.Path);
        Assert.Equal(2, exit);
        Assert.Contains("nope.csv", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);

        (exit, _, stderr) = await AugurProcess.RunAsync("recommend", "evaluate", "--train", Events, "--split-at", "2026-03-24", "--model", "bpr");
        Assert.Equal(2, exit);
        Assert.Contains("unknown model 'bpr'", stderr, StringComparison.Ordinal);
    }
}
