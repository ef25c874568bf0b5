using System.Text.Json.Nodes;
using Augur.Learning.Training;
using Augur.Platform.Specs;
using Augur.Testing;

namespace Augur.Tests;

/// <summary>`augur train --spec FILE`: a run's settings written in YAML, and every mistake in it named with its line.</summary>
public sealed class TrainingSpecTests
{
    private static readonly string Telco = Path.Combine(AppContext.BaseDirectory, "Fixtures", "telco-400.csv");

    [Fact]
    public async Task A_spec_gives_the_runs_settings_and_a_flag_wins_over_the_same_setting()
    {
        using var dir = new TempDirectory();
        File.Copy(Telco, dir.Combine("customers.csv"));
        var spec = dir.Combine("churn.yaml");
        await File.WriteAllTextAsync(spec, """
            # Settings have the API's names; the data is found beside this file.
            data: customers.csv
            target: Churn
            goal: PR-AUC > 99%
            budget: 30s
            maxTrials: 3
            seed: 7
            ignore: [tenure]
            features:
              charges_per_month: TotalCharges / (tenure + 1)
            costs:
              falseNegative: 5
            """);
        var model = dir.Combine("model");

        var (exit, output, err) = await AugurProcess.RunAsync("train", "--spec", spec, "--out", model, "--trials", "1");

        Assert.True(exit == 0, err);
        var leaderboard = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(model, "leaderboard.json")))!;
        // --trials 1 on the command line, not the spec's 3.
        Assert.Single(leaderboard["trials"]!.AsArray());
        Assert.Contains("Not learned from, as asked: tenure.", output + err, StringComparison.Ordinal);
        // The costs of mistakes chose the cut.
        Assert.Contains("the cut with the cheapest mistakes", output + err, StringComparison.Ordinal);
        // The goal chose the measure trials are ranked by, and the run says it is not met (no model reaches 0.99 here).
        Assert.Equal("prAuc", leaderboard["metric"]!.GetValue<string>());
        Assert.False(leaderboard["goal"]!["met"]!.GetValue<bool>());
        Assert.Contains("Goal not met: PR-AUC", output + err, StringComparison.Ordinal);
        var report = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(model, "report.json")))!;
        var columns = report["featureImportance"]!.AsArray().Select(f => f!["column"]!.GetValue<string>()).ToList();
        Assert.Contains("charges_per_month", columns);
        Assert.DoesNotContain("tenure", columns);
    }

    [Theory]
    [InlineData("target: Churn\ntargt: Churn\n", "spec.yaml, line 2: 'targt' is not a setting of a training spec. The settings are: data, ask, target,")]
    [InlineData("target: Churn\nbudget: soon\n", "spec.yaml, line 2: 'budget' should be a time such as 90s, 5m or 1h, not 'soon'.")]
    [InlineData("target: Churn\nmaxTrials: many\n", "spec.yaml, line 2: 'maxTrials' should be a whole number, not 'many'.")]
    [InlineData("target: Churn\ngoal: rmse > 40000\n", "spec.yaml, line 2: 'goal' is not one Augur can check: 'rmse > 40000' asks for a worse model: a lower RMSE is better, so write e.g. 'RMSE below 40000'.")]
    [InlineData("target: Churn\ntask: churn\n", "spec.yaml, line 2: 'task' should be binary, multiclass or regression, not 'churn'.")]
    [InlineData("target: Churn\ncosts:\n  falseNegative: 5\n  missed: 2\n", "spec.yaml, line 4: 'missed' is not a cost")]
    [InlineData("target: Churn\nfeatures: TotalCharges / tenure\n", "spec.yaml, line 2: 'features' should list one new column per line, 'name: formula'")]
    [InlineData("target: [Churn\n", "spec.yaml, line 2: this cannot be read as YAML")]
    [InlineData("target: Churn\nignore: [duration]\n", "ignore: in the spec, duration: there is no such column. Columns are: customerID,")]
    [InlineData("- Churn\n", "spec.yaml: a spec is a list of settings, one per line, such as 'target: Churn'.")]
    public async Task A_mistake_in_a_spec_is_refused_with_the_file_and_line_and_nothing_is_trained(string yaml, string message)
    {
        using var dir = new TempDirectory();
        var spec = dir.Combine("spec.yaml");
        await File.WriteAllTextAsync(spec, yaml);

        var (exit, _, err) = await AugurProcess.RunAsync("train", "--spec", spec, "--data", Telco, "--out", dir.Combine("model"));

        Assert.Equal(2, exit);
        Assert.Contains(message, err, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.Combine("model", "model.augur")));
    }

    [Fact]
    public async Task Without_a_target_on_the_command_line_or_in_the_spec_the_run_says_where_to_give_it()
    {
        using var dir = new TempDirectory();
        var spec = dir.Combine("spec.yaml");
        await File.WriteAllTextAsync(spec, "budget: 1m\n");

        var (exit, _, err) = await AugurProcess.RunAsync("train", "--spec", spec, "--data", Telco, "--out", dir.Combine("model"));

        Assert.Equal(2, exit);
        Assert.Contains("Option '--target' is required (or 'target:' in the file given to --spec).", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_goal_on_the_command_line_wins_over_the_specs_and_a_wrong_one_is_refused()
    {
        using var dir = new TempDirectory();
        var spec = dir.Combine("spec.yaml");
        await File.WriteAllTextAsync(spec, "target: Churn\ngoal: auc > 0.99\n");
        var model = dir.Combine("model");

        var (exit, output, err) = await AugurProcess.RunAsync("train", "--spec", spec, "--data", Telco, "--out", model, "--trials", "1", "--goal", "accuracy >= 1%");

        Assert.True(exit == 0, err);
        var leaderboard = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(model, "leaderboard.json")))!;
        Assert.Equal("accuracy", leaderboard["metric"]!.GetValue<string>());
        Assert.Equal("accuracy >= 0.01", leaderboard["goal"]!["text"]!.GetValue<string>());
        Assert.True(leaderboard["goal"]!["met"]!.GetValue<bool>());
        Assert.Contains("Goal met: accuracy ", output + err, StringComparison.Ordinal);

        // A goal on the cost of mistakes ranks by that cost, and needs the costs.
        var (priced, pricedOut, pricedErr) = await AugurProcess.RunAsync("train", "--data", Telco, "--target", "Churn", "--out", model, "--trials", "1", "--false-negative-cost", "5", "--goal", "cost below 100");
        Assert.True(priced == 0, pricedErr);
        Assert.Contains("Goal met: cost ", pricedOut + pricedErr, StringComparison.Ordinal);
        var (unpriced, _, because) = await AugurProcess.RunAsync("train", "--data", Telco, "--target", "Churn", "--out", model, "--goal", "cost below 100");
        Assert.Equal(2, unpriced);
        Assert.Contains("is about the cost of mistakes, so it needs the costs", because, StringComparison.Ordinal);

        var (wrong, _, why) = await AugurProcess.RunAsync("train", "--data", Telco, "--target", "Churn", "--out", model, "--goal", "lift > 3");
        Assert.Equal(2, wrong);
        Assert.Contains("--goal 'lift > 3': 'lift' is not a measure Augur reports.", why, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_requirement_in_plain_english_picks_the_column_and_the_goal_and_says_what_it_understood()
    {
        using var dir = new TempDirectory();
        var model = dir.Combine("model");

        var (exit, output, err) = await AugurProcess.RunAsync(
            "train", "--data", Telco, "--out", model, "--trials", "1", "--ask", "Predict which customers churn in the next 30 days, accuracy above 1%");

        Assert.True(exit == 0, err);
        Assert.Contains("Understood: predict Churn; good enough when accuracy above 0.01.", output + err, StringComparison.Ordinal);
        Assert.Contains("'in the next 30 days' is not used", output + err, StringComparison.Ordinal);
        var leaderboard = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(model, "leaderboard.json")))!;
        Assert.Equal("accuracy", leaderboard["metric"]!.GetValue<string>());
        Assert.True(leaderboard["goal"]!["met"]!.GetValue<bool>());

        var (unclear, _, why) = await AugurProcess.RunAsync("train", "--data", Telco, "--out", model, "--ask", "who will leave us?");
        Assert.Equal(2, unclear);
        Assert.Contains("--ask 'who will leave us?' names none of the columns", why, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_spec_may_hold_the_requirement_in_plain_english_and_its_own_settings_win_over_it()
    {
        using var dir = new TempDirectory();
        File.Copy(Telco, dir.Combine("customers.csv"));
        var spec = dir.Combine("spec.yaml");
        await File.WriteAllTextAsync(spec, "data: customers.csv\nask: predict which customers churn, accuracy above 1%, within 1 hour\nmaxTrials: 1\nbudget: 30s\n");
        var model = dir.Combine("model");

        var (exit, output, err) = await AugurProcess.RunAsync("train", "--spec", spec, "--out", model);

        Assert.True(exit == 0, err);
        // The spec's budget (30 s) wins over the sentence's hour; the column and the goal come from the sentence.
        // (The line wraps at 80 columns when the output is not a terminal.)
        Assert.Contains("Understood: predict Churn; good enough when accuracy above 0.01;", output + err, StringComparison.Ordinal);
        Assert.Contains("spend 60 min.", output + err, StringComparison.Ordinal);
        var leaderboard = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(model, "leaderboard.json")))!;
        Assert.Equal("accuracy", leaderboard["metric"]!.GetValue<string>());
        Assert.True(leaderboard["durationSeconds"]!.GetValue<double>() < 60);
    }

    [Fact]
    public async Task The_example_spec_that_the_docs_show_reads_as_they_say()
    {
        var spec = TrainingSpec.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Examples", "churn.yaml")), "churn.yaml");

        Assert.Equal("Telco-Customer-Churn.csv", spec.Data);
        Assert.Equal("Churn", spec.Target);
        Assert.Equal(new TrainingGoal("auc", ">", 0.85), spec.Goal);
        Assert.Null(spec.Metric);
        Assert.Equal(TimeSpan.FromMinutes(2), spec.Budget);
        Assert.Equal(30, spec.EarlyStopping);
        Assert.Equal(("charges_per_month", "TotalCharges / tenure"), (spec.Features[0].Name, spec.Features[0].Expression));
        Assert.Equal((1.0, 5.0), (spec.FalsePositiveCost, spec.FalseNegativeCost));
        Assert.Null(spec.Task);
        // A spec that is not there is the CLI's usual missing file.
        using var dir = new TempDirectory();
        var (exit, _, err) = await AugurProcess.RunAsync("train", "--spec", dir.Combine("missing.yaml"), "--out", dir.Combine("model"));
        Assert.Equal(2, exit);
        Assert.Contains("missing.yaml: the file does not exist.", err, StringComparison.Ordinal);
    }
}
