using System.Text.Json.Nodes;
using Augur.Testing;

namespace Augur.Tests;

/// <summary>The `augur` verbs as a person runs them: real files in, real files out, one-line errors.</summary>
public sealed class CliTests
{
    private static readonly string Telco = Path.Combine(AppContext.BaseDirectory, "Fixtures", "telco-400.csv");

    [Fact]
    public async Task Ingest_writes_a_clean_table_and_prints_a_json_summary()
    {
        using var dir = new TempDirectory();
        var (exit, stdout, _) = await AugurProcess.RunAsync("ingest", Telco, "--out", dir.Path, "--json");
        Assert.Equal(0, exit);
        var table = JsonNode.Parse(stdout)!["tables"]![0]!;
        Assert.Equal(400, table["rowsOut"]!.GetValue<long>());
        Assert.True(File.Exists(table["jsonlPath"]!.GetValue<string>()));
        Assert.Equal(400, File.ReadLines(table["jsonlPath"]!.GetValue<string>()).Count());
    }

    [Fact]
    public async Task Train_then_predict_writes_a_bundle_a_leaderboard_and_one_prediction_per_row()
    {
        using var dir = new TempDirectory();
        var model = dir.Combine("model");
        var (trainExit, _, trainErr) = await AugurProcess.RunAsync("train", "--data", Telco, "--target", "Churn", "--out", model, "--budget", "5s", "--seed", "7");
        Assert.True(trainExit == 0, trainErr);
        Assert.True(File.Exists(Path.Combine(model, "model.augur")));
        var leaderboard = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(model, "leaderboard.json")))!;
        Assert.NotEmpty(leaderboard["trials"]!.AsArray());
        Assert.Equal("auc", leaderboard["metric"]!.GetValue<string>());
        Assert.NotNull(leaderboard["best"]!["trainer"]);
        // The report says how the served model was made: refitted on all rows, or the versions it was checked with.
        var report = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(model, "report.json")))!;
        Assert.Matches("refitted on all rows|versions, each trained on a different|in the last of (its|their)|not set aside to check", report["servedModels"]!.GetValue<string>());
        // Churn says Yes/No in the file, and the model's classes say so too (not true/false).
        Assert.Equal("Yes", report["positiveLabel"]!.GetValue<string>());
        Assert.Equal("The target 'Churn' is Yes/No.", report["taskReason"]!.GetValue<string>());
        // customerID differs on every row: it is named as an identifier that was not used, and has no importance.
        Assert.Contains("Not used: customerID (an ID", trainErr, StringComparison.Ordinal);
        Assert.Matches(@"Matters most: \w+", trainErr);
        Assert.Matches(@"The 10% of rows ranked most likely hold \d+% of all 'Yes'", trainErr);
        Assert.Equal("customerID", Assert.Single(report["identifierColumns"]!.AsArray())!.GetValue<string>());
        Assert.DoesNotContain(report["featureImportance"]!.AsArray(), f => f!["column"]!.GetValue<string>() == "customerID");

        var output = dir.Combine("scores.csv");
        var (predictExit, _, predictErr) = await AugurProcess.RunAsync("predict", "--model", Path.Combine(model, "model.augur"), "--input", Telco, "--out", output);
        Assert.True(predictExit == 0, predictErr);
        var lines = await File.ReadAllLinesAsync(output);
        Assert.Equal(401, lines.Length);
        Assert.Equal("customerID,prediction,probability_No,probability_Yes", lines[0]);
        Assert.StartsWith("7590-VHVEG,", lines[1], StringComparison.Ordinal);
        Assert.All(lines.Skip(1), line => Assert.Contains(line.Split(',')[1], new[] { "Yes", "No" }));
        Assert.Contains(lines, line => line.Split(',')[1] == "Yes");

        // --explain adds each row's reason codes: a "reasons" list in JSONL, reason_1.. columns in CSV.
        var explained = dir.Combine("reasons.jsonl");
        var (explainExit, _, explainErr) = await AugurProcess.RunAsync("predict", "--model", Path.Combine(model, "model.augur"), "--input", Telco, "--out", explained, "--explain", "2");
        Assert.True(explainExit == 0, explainErr);
        var first = System.Text.Json.Nodes.JsonNode.Parse((await File.ReadAllLinesAsync(explained))[0])!;
        Assert.InRange(first["reasons"]!.AsArray().Count, 1, 2);
        Assert.Contains(first["prediction"]!.GetValue<string>(), new[] { "Yes", "No" });
        Assert.Equal(1.0, first["probabilities"]!["Yes"]!.GetValue<double>() + first["probabilities"]!["No"]!.GetValue<double>(), 6);
        var explainedCsv = dir.Combine("reasons.csv");
        var (csvExit, _, csvErr) = await AugurProcess.RunAsync("predict", "--model", Path.Combine(model, "model.augur"), "--input", Telco, "--out", explainedCsv, "--explain");
        Assert.True(csvExit == 0, csvErr);
        Assert.EndsWith(",reason_1,reason_2,reason_3", (await File.ReadAllLinesAsync(explainedCsv))[0], StringComparison.Ordinal);

        // New rows with tenure blank (never blank in training): the scoring stops, naming file, row and field, and
        // writes nothing; with --rejects the other rows are scored and those two listed.
        var gaps = dir.Combine("with-gaps.csv");
        await File.WriteAllLinesAsync(gaps, File.ReadLines(Telco).Select((line, i) => i is 3 or 7 ? BlankField(line, 5) : line));
        var refusedOut = dir.Combine("refused.csv");
        var (refusedExit, _, refusedErr) = await AugurProcess.RunAsync("predict", "--model", Path.Combine(model, "model.augur"), "--input", gaps, "--out", refusedOut);
        Assert.Equal(2, refusedExit);
        Assert.Contains("with-gaps.csv: row 3, field 'tenure': is required: the model learned only from rows that have it (and at least 1 more problem). Nothing was written: add --rejects FILE", refusedErr, StringComparison.Ordinal);
        Assert.False(File.Exists(refusedOut));
        var partial = dir.Combine("partial.csv");
        var rejects = dir.Combine("rejects", "rows.csv");
        var (partialExit, partialOut, partialErr) = await AugurProcess.RunAsync("predict", "--model", Path.Combine(model, "model.augur"), "--input", gaps, "--out", partial, "--rejects", rejects);
        Assert.True(partialExit == 0, partialErr);
        Assert.Equal(399, File.ReadLines(partial).Count());
        Assert.Equal(["row,line,field,reason", "3,,tenure,is required: the model learned only from rows that have it", "7,,tenure,is required: the model learned only from rows that have it"], await File.ReadAllLinesAsync(rejects));
        Assert.Contains("2 rows could not be scored: see", partialOut + partialErr, StringComparison.Ordinal);
    }

    private static string BlankField(string csvLine, int index) =>
        string.Join(',', csvLine.Split(',').Select((field, i) => i == index ? "" : field));

    [Fact]
    public async Task Train_with_halving_on_screens_configurations_on_a_share_of_the_rows_and_the_best_trial_uses_all_of_them()
    {
        using var dir = new TempDirectory();
        var model = dir.Combine("model");
        var (exit, _, err) = await AugurProcess.RunAsync("train", "--data", Telco, "--target", "Churn", "--out", model, "--trials", "3", "--seed", "7", "--halving", "on");
        Assert.True(exit == 0, err);
        var leaderboard = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(model, "leaderboard.json")))!;

        Assert.True(leaderboard["halving"]!.GetValue<bool>());
        Assert.Equal(1.0, leaderboard["best"]!["dataFraction"]!.GetValue<double>());
        Assert.Contains(leaderboard["trials"]!.AsArray(), t => t!["dataFraction"]!.GetValue<double>() < 1 && t["trainingRows"]!.GetValue<int>() > 0);
    }

    [Fact]
    public async Task Train_keeps_repeated_rows_as_real_observations_unless_a_column_is_an_id()
    {
        using var dir = new TempDirectory();
        // Every row twice. Without customerID the repeats are kept: 800 rows, 640 per 5-fold training part. With it, the
        // same customer twice is one record exported twice: 400 rows, 320 per training part.
        var lines = await File.ReadAllLinesAsync(Telco);
        Assert.StartsWith("customerID,", lines[0], StringComparison.Ordinal);
        var anonymous = lines.Select(l => l[(l.IndexOf(',', StringComparison.Ordinal) + 1)..]).ToList();

        var (repeatsKept, keptSaid) = await TrainingRowsAsync(dir, "anonymous.csv", [anonymous[0], .. anonymous.Skip(1), .. anonymous.Skip(1)]);
        Assert.Equal(640, repeatsKept);
        Assert.Contains("Kept 400 rows that repeat another row exactly: no column is an ID", keptSaid, StringComparison.Ordinal);
        var (copiesDropped, droppedSaid) = await TrainingRowsAsync(dir, "customers.csv", [lines[0], .. lines.Skip(1), .. lines.Skip(1)]);
        Assert.Equal(320, copiesDropped);
        Assert.Contains("Dropped 400 exact copies of other rows: they have the same ID.", droppedSaid, StringComparison.Ordinal);

        // `augur ingest --keep-repeats` cleans a file the way training reads it; plain `augur ingest` drops repeats.
        var (exit, stdout, err) = await AugurProcess.RunAsync("ingest", dir.Combine("anonymous.csv"), "--out", dir.Combine("kept"), "--keep-repeats", "--json");
        Assert.True(exit == 0, err);
        var kept = JsonNode.Parse(stdout)!["tables"]![0]!;
        Assert.Equal((800L, 0L, 400L), (kept["rowsOut"]!.GetValue<long>(), kept["duplicates"]!.GetValue<long>(), kept["duplicatesKept"]!.GetValue<long>()));
        (exit, stdout, err) = await AugurProcess.RunAsync("ingest", dir.Combine("anonymous.csv"), "--out", dir.Combine("dropped"));
        Assert.True(exit == 0, err);
        Assert.Contains("400 rows, 20 columns, 400 duplicates dropped, 0 rows rejected", stdout + err, StringComparison.Ordinal);
    }

    /// <summary>Trains on the lines; returns the rows per training part and what the command said.</summary>
    private static async Task<(int Rows, string Said)> TrainingRowsAsync(TempDirectory dir, string name, IEnumerable<string> lines)
    {
        var data = dir.Combine(name);
        await File.WriteAllLinesAsync(data, lines);
        var model = dir.Combine(name + "-model");

        var (exit, stdout, err) = await AugurProcess.RunAsync("train", "--data", data, "--target", "Churn", "--out", model, "--trials", "1", "--seed", "7");

        Assert.True(exit == 0, err);
        var leaderboard = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(model, "leaderboard.json")))!;
        return (leaderboard["best"]!["trainingRows"]!.GetValue<int>(), stdout + err);
    }

    [Fact]
    public async Task Train_with_folds_validates_every_trial_on_that_many_folds_and_records_it()
    {
        using var dir = new TempDirectory();
        var model = dir.Combine("model");

        var (exit, _, err) = await AugurProcess.RunAsync("train", "--data", Telco, "--target", "Churn", "--out", model, "--trials", "2", "--seed", "7", "--folds", "3");

        Assert.True(exit == 0, err);
        var leaderboard = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(model, "leaderboard.json")))!;
        var report = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(model, "report.json")))!;
        Assert.Equal("3-fold", leaderboard["validation"]!.GetValue<string>());
        Assert.Equal("3-fold", report["validation"]!.GetValue<string>());
        Assert.InRange(leaderboard["best"]!["trainingRows"]!.GetValue<int>(), 266, 267);
    }

    [Fact]
    public async Task Train_with_early_stop_finishes_once_trials_stop_improving_and_says_so()
    {
        using var dir = new TempDirectory();
        var model = dir.Combine("model");

        var (exit, output, err) = await AugurProcess.RunAsync("train", "--data", Telco, "--target", "Churn", "--out", model, "--trials", "20", "--seed", "7", "--folds", "3", "--early-stop", "2");

        Assert.True(exit == 0, err);
        var leaderboard = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(model, "leaderboard.json")))!;
        Assert.True(leaderboard["stoppedEarly"]!.GetValue<bool>());
        Assert.InRange(leaderboard["trials"]!.AsArray().Count, 3, 19);
        Assert.Contains("Finished early: the last 2 trials found no better model", output + err, StringComparison.Ordinal);

        var (refused, _, why) = await AugurProcess.RunAsync("train", "--data", Telco, "--target", "Churn", "--out", model, "--early-stop", "0");
        Assert.Equal(2, refused);
        Assert.Contains("--early-stop 0 should be a number of trials of 1 or more", why, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Costs_of_wrong_answers_move_the_yes_no_cut_to_where_mistakes_are_cheapest()
    {
        using var dir = new TempDirectory();
        async Task<double> ThresholdAsync(string name, params string[] costs)
        {
            var (exit, output, err) = await AugurProcess.RunAsync(["train", "--data", Telco, "--target", "Churn", "--out", dir.Combine(name), "--trials", "2", "--seed", "7", .. costs]);
            Assert.True(exit == 0, err);
            if (costs.Length > 0)
            {
                Assert.Matches(@"Says 'Yes' from a probability of 0\.\d\d: the cut with the cheapest mistakes", output + err);
            }

            var report = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(dir.Combine(name), "report.json")))!;
            return report["threshold"]!.GetValue<double>();
        }

        // The same two trials: a missed churner costing 5 wasted offers says "Yes" sooner than the best-F1 cut, and a
        // wasted offer costing 5 missed churners later.
        var f1 = await ThresholdAsync("f1");
        var missedCostsMore = await ThresholdAsync("missed", "--false-negative-cost", "5");
        var wastedCostsMore = await ThresholdAsync("wasted", "--false-positive-cost", "5");
        Assert.True(missedCostsMore < f1, $"{missedCostsMore} against {f1}");
        Assert.True(wastedCostsMore > f1, $"{wastedCostsMore} against {f1}");

        var (refused, _, why) = await AugurProcess.RunAsync("train", "--data", Telco, "--target", "tenure", "--out", dir.Combine("tenure"), "--trials", "1", "--false-negative-cost", "5");
        Assert.Equal(2, refused);
        Assert.Contains("Costs of wrong answers apply to yes/no targets only; 'tenure' is a regression target.", why, StringComparison.Ordinal);
        var (negative, _, because) = await AugurProcess.RunAsync("train", "--data", Telco, "--target", "Churn", "--out", dir.Combine("negative"), "--false-positive-cost", "-1");
        Assert.Equal(2, negative);
        Assert.Contains("should be numbers of 0 or more", because, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Columns_given_to_ignore_are_not_learned_from_and_unknown_ones_are_refused()
    {
        using var dir = new TempDirectory();
        var model = dir.Combine("model");
        var (exit, output, err) = await AugurProcess.RunAsync("train", "--data", Telco, "--target", "Churn", "--out", model, "--trials", "1", "--ignore", "tenure", "--ignore", "Contract");
        Assert.True(exit == 0, err);
        Assert.Contains("Not learned from, as asked: tenure, Contract.", output + err, StringComparison.Ordinal);
        var report = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(model, "report.json")))!;
        var columns = report["featureImportance"]!.AsArray().Select(f => f!["column"]!.GetValue<string>()).ToList();
        Assert.NotEmpty(columns);
        Assert.DoesNotContain("tenure", columns);
        Assert.DoesNotContain("Contract", columns);

        var (unknown, _, why) = await AugurProcess.RunAsync("train", "--data", Telco, "--target", "Churn", "--out", model, "--ignore", "duration");
        Assert.Equal(2, unknown);
        Assert.Contains("--ignore duration: there is no such column. Columns are: customerID,", why, StringComparison.Ordinal);
        var (target, _, because) = await AugurProcess.RunAsync("train", "--data", Telco, "--target", "Churn", "--out", model, "--ignore", "Churn");
        Assert.Equal(2, target);
        Assert.Contains("--ignore Churn: that is the column to predict.", because, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_verb_exits_2_with_one_line_on_stderr_for_a_missing_file()
    {
        using var dir = new TempDirectory();
        var missing = dir.Combine("nope.csv");
        foreach (var args in new[]
        {
            new[] { "ingest", missing, "--out", dir.Path },
            new[] { "train", "--data", missing, "--target", "y", "--out", dir.Path },
            new[] { "predict", "--model", missing, "--input", Telco, "--out", dir.Combine("x.csv") },
        })
        {
            var (exit, _, stderr) = await AugurProcess.RunAsync(args);
            Assert.Equal(2, exit);
            var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains("nope.csv", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Train_with_an_unknown_target_says_which_columns_exist()
    {
        using var dir = new TempDirectory();
        var (exit, _, stderr) = await AugurProcess.RunAsync("train", "--data", Telco, "--target", "Churned", "--out", dir.Path, "--budget", "5s");
        Assert.Equal(2, exit);
        Assert.Contains("Churned", stderr, StringComparison.Ordinal);
        Assert.Contains("tenure", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_budget_that_is_not_a_duration_is_refused_clearly()
    {
        using var dir = new TempDirectory();
        var (exit, _, stderr) = await AugurProcess.RunAsync("train", "--data", Telco, "--target", "Churn", "--out", dir.Path, "--budget", "fast");
        Assert.Equal(2, exit);
        Assert.Contains("'fast' is not a duration", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_with_custom_features_reports_them_by_name_and_the_bundle_computes_them_when_it_predicts()
    {
        using var dir = new TempDirectory();
        var model = dir.Combine("model");
        var (trainExit, _, trainErr) = await AugurProcess.RunAsync(
            "train", "--data", Telco, "--target", "Churn", "--out", model, "--budget", "30s", "--trials", "2", "--seed", "7",
            "--feature", "charge_per_month=TotalCharges / tenure", "--feature", "long_stay=tenure >= 24 and Contract != 'Month-to-month'");
        Assert.True(trainExit == 0, trainErr);
        var report = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(model, "report.json")))!;
        var columns = report["featureImportance"]!.AsArray().Select(f => f!["column"]!.GetValue<string>()).ToList();
        Assert.Contains("charge_per_month", columns);
        Assert.Contains("long_stay", columns);

        // The input file has no such columns: the bundle computes them (tenure 0 divides by zero: that row's value is missing).
        var output = dir.Combine("scores.csv");
        var (predictExit, _, predictErr) = await AugurProcess.RunAsync("predict", "--model", Path.Combine(model, "model.augur"), "--input", Telco, "--out", output);
        Assert.True(predictExit == 0, predictErr);
        Assert.Equal(401, (await File.ReadAllLinesAsync(output)).Length);
    }

    [Fact]
    public async Task A_custom_feature_over_an_unknown_column_or_without_a_name_is_refused_clearly()
    {
        using var dir = new TempDirectory();
        var (exit, _, stderr) = await AugurProcess.RunAsync("train", "--data", Telco, "--target", "Churn", "--out", dir.Path, "--feature", "per_month=TotalCharges / months");
        Assert.Equal(2, exit);
        Assert.Contains("'per_month' uses the column 'months'", stderr, StringComparison.Ordinal);

        (exit, _, stderr) = await AugurProcess.RunAsync("train", "--data", Telco, "--target", "Churn", "--out", dir.Path, "--feature", "TotalCharges / tenure");
        Assert.Equal(2, exit);
        Assert.Contains("should be name=expression", stderr, StringComparison.Ordinal);
    }
}
