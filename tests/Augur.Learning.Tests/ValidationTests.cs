using Augur.Data.Schema;
using Augur.Learning.Features;
using Augur.Learning.Trainers;
using Augur.Learning.Training;

namespace Augur.Learning.Tests;

public sealed class ValidationTests
{
    private static readonly FeaturePlan NoFeatures = new([], 0, 0, 0, false);

    [Fact]
    public void Small_data_gets_stratified_folds_that_partition_the_rows()
    {
        var rows = Enumerable.Range(0, 103).Select(i => new FeatureRow { Flag = i % 4 == 0 }).ToList();

        var set = new TrainingSet(TaskKind.Binary, NoFeatures, ["No", "Yes"], rows, seed: 1);

        Assert.Equal("5-fold", set.Validation);
        Assert.Equal(Enumerable.Range(0, 103), set.Folds.SelectMany(f => f.Validation).Order());
        Assert.All(set.Folds, f =>
        {
            Assert.Empty(f.Train.Intersect(f.Validation));
            Assert.Equal(103, f.Train.Count + f.Validation.Count);
            Assert.InRange(f.Validation.Count(i => rows[i].Flag), 5, 6);
        });
    }

    [Fact]
    public void Large_data_gets_one_stratified_holdout()
    {
        var rows = Enumerable.Range(0, TrainingSet.KFoldMaxRows + 1).Select(i => new FeatureRow { Flag = i % 10 == 0 }).ToList();
        var folds = TrainingSet.FoldsFor(rows.Count, classes: 2, TimeSpan.FromSeconds(30));

        var set = new TrainingSet(TaskKind.Binary, NoFeatures, ["No", "Yes"], rows, seed: 1, folds: folds);

        var fold = Assert.Single(set.Folds);
        Assert.Equal("holdout", set.Validation);
        Assert.Equal(2000, fold.Validation.Count);
        Assert.Equal(200, fold.Validation.Count(i => rows[i].Flag));
    }

    [Fact]
    public void Large_data_gets_the_holdout_unless_the_request_fixes_the_folds()
    {
        // adult's training part in the benchmark's ten outer folds, at the 10 minutes.
        Assert.Equal(TrainingSet.HoldoutFolds, TrainingSet.FoldsFor(rows: 43_958, classes: 2, TimeSpan.FromMinutes(10)));

        var rows = Enumerable.Range(0, TrainingSet.KFoldMaxRows + 2).Select(i => new FeatureRow { Flag = i % 10 == 0 }).ToList();
        var set = new TrainingSet(TaskKind.Binary, NoFeatures, ["No", "Yes"], rows, seed: 1, folds: 3);

        Assert.Equal("3-fold", set.Validation);
        Assert.Equal(Enumerable.Range(0, rows.Count), set.Folds.SelectMany(f => f.Validation).Order());
        Assert.All(set.Folds, f => Assert.InRange(f.Validation.Count(i => rows[i].Flag), 333, 334));
    }

    [Fact]
    public void A_budget_too_short_for_enough_five_fold_trials_gets_three_folds()
    {
        // wine-quality's training part: 3,265 rows, 7 classes (a model per class); telco-churn's and german-credit's are binary.
        Assert.Equal(3, TrainingSet.FoldsFor(rows: 3265, classes: 7, TimeSpan.FromSeconds(30)));
        Assert.Equal(5, TrainingSet.FoldsFor(rows: 3265, classes: 7, TimeSpan.FromMinutes(10)));
        Assert.Equal(5, TrainingSet.FoldsFor(rows: 4700, classes: 2, TimeSpan.FromSeconds(30)));
        Assert.Equal(5, TrainingSet.FoldsFor(rows: 800, classes: 2, TimeSpan.FromSeconds(30)));

        var rows = Enumerable.Range(0, 90).Select(i => new FeatureRow { Class = (uint)(i % 3) }).ToList();
        var set = new TrainingSet(TaskKind.Multiclass, NoFeatures, ["a", "b", "c"], rows, seed: 1, folds: 3);
        Assert.Equal("3-fold", set.Validation);
        Assert.All(set.Folds, f => Assert.Equal(30, f.Validation.Count));
    }

    [Fact]
    public async Task Every_trial_of_a_short_run_uses_its_recorded_folds_and_a_trial_run_alone_uses_the_same()
    {
        // 2,000 rows and 3 classes: twelve 5-fold trials would take about 14 s, more than this budget allows.
        var request = Some.Request("tier", rows: 2000, maxTrials: 2) with { Budget = TimeSpan.FromSeconds(15) };

        var outcome = await new AutoTrainer(TimeProvider.System).TrainAsync(request, null, CancellationToken.None);
        outcome.Bundle.Dispose();

        Assert.Equal("3-fold", outcome.Validation);
        var succeeded = outcome.Leaderboard.Where(t => t.Status == TrialStatus.Succeeded).ToList();
        Assert.NotEmpty(succeeded);
        Assert.All(succeeded, t => Assert.Equal(3, t.FoldMetrics.Count));

        // A child-process trial or a study worker prepares the same request on its own: it must score on the same folds.
        var first = outcome.Leaderboard.Single(t => t.Number == 1);
        var parameters = first.Parameters.ToDictionary(p => p.Key, p => double.Parse(p.Value, System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);
        var alone = await new OneTrialRunner(request).RunAsync(new Search.TrialSettings(1, first.Trainer, parameters), CancellationToken.None);
        Assert.Equal(3, alone.FoldMetrics.Count);
        Assert.Equal(first.Metrics["logLoss"], alone.Metrics["logLoss"], 9);
    }

    [Fact]
    public void A_time_order_validates_on_the_latest_fifth()
    {
        var rows = Enumerable.Range(0, 50).Select(_ => new FeatureRow { Value = 1 }).ToList();
        var order = Enumerable.Range(0, 50).Select(i => 49 - i).ToList();

        var set = new TrainingSet(TaskKind.Regression, NoFeatures, [], rows, seed: 1, order);

        var fold = Assert.Single(set.Folds);
        Assert.Equal("time", set.Validation);
        Assert.Equal(Enumerable.Range(0, 10), fold.Validation.Order());
    }

    [Fact]
    public async Task A_time_column_in_the_request_gives_a_time_based_split()
    {
        var request = Some.Request("spend", rows: 200, maxTrials: 1) with { TimeColumn = "signup" };

        var outcome = await new AutoTrainer(TimeProvider.System).TrainAsync(request, null, CancellationToken.None);
        outcome.Bundle.Dispose();

        Assert.Equal("time", outcome.Validation);
        Assert.Contains("mape", outcome.Best.Metrics.Keys);
    }

    [Fact]
    public async Task A_column_that_alone_predicts_the_target_is_excluded_and_reported()
    {
        var rows = Some.Rows(200);
        foreach (var row in rows)
        {
            row["refundIssued"] = row["churn"]!.GetValue<string>() == "Yes" ? "yes" : "no";
        }

        var request = Some.Request("churn", rows: 200, maxTrials: 1);
        request = request with
        {
            DataPath = Some.WriteJsonl(rows),
            Schema = request.Schema with { Columns = [.. request.Schema.Columns, new("refundIssued", ColumnType.Categorical, false, ColumnRole.Feature)] },
        };

        var outcome = await new AutoTrainer(TimeProvider.System).TrainAsync(request, null, CancellationToken.None);
        outcome.Bundle.Dispose();

        var excluded = Assert.Single(outcome.ExcludedColumns);
        Assert.Equal("refundIssued", excluded.Column);
        Assert.Contains("AUC 1", excluded.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(outcome.Bundle.Info.Inputs, c => c.Name == "refundIssued");
    }

    [Fact]
    public async Task A_metric_the_task_does_not_have_is_refused_with_the_choices()
    {
        var request = Some.Request("churn", rows: 50, maxTrials: 1) with { Metric = "rmse" };

        var error = await Assert.ThrowsAsync<TrainingException>(() => new AutoTrainer(TimeProvider.System).TrainAsync(request, null, CancellationToken.None));

        Assert.Contains("auc, logLoss", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chosen_metric_ranks_the_trials()
    {
        var request = Some.Request("spend", rows: 150, maxTrials: 2) with { Metric = "mae" };

        var outcome = await new AutoTrainer(TimeProvider.System).TrainAsync(request, null, CancellationToken.None);
        outcome.Bundle.Dispose();

        Assert.Equal("mae", outcome.Metric);
        Assert.Equal(outcome.Leaderboard.Min(t => t.Metrics["mae"]), outcome.Best.Metrics["mae"]);
    }
}
