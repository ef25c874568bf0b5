using Augur.Learning.Search;
using Augur.Learning.Trainers;
using Augur.Learning.Training;

namespace Augur.Learning.Tests;

/// <summary>
/// Trials read their validation predictions the way bundles score batches (dense features, flat trees): the numbers
/// must be ML.NET's own to the bit, or trials would rank differently than the models they stand for.
/// </summary>
public sealed class TrialScoringTests
{
    [Theory]
    [InlineData("churn", TrainerCatalog.LightGbm)]
    [InlineData("churn", TrainerCatalog.FastTree)]
    [InlineData("churn", TrainerCatalog.FastForest)]
    [InlineData("churn", TrainerCatalog.LbfgsLogisticRegression)]
    [InlineData("spend", TrainerCatalog.LightGbm)]
    [InlineData("spend", TrainerCatalog.FastTree)]
    [InlineData("tier", TrainerCatalog.LightGbm)]
    public async Task Predictions_are_mlnets_own_to_the_bit(string target, string trainer)
    {
        // Enough rows for a holdout above the size from which the flat walk pays (CrossValidationTrialRunner.FlatWalkFromRows).
        var prepared = await AutoTrainer.PrepareAsync(Some.Request(target, rows: 5_500) with { Folds = 2 }, CancellationToken.None);
        var runner = new CrossValidationTrialRunner(prepared.Data, seed: 42, prepared.Metric);
        var fold = prepared.Data.Folds[0];
        var defaults = TrainerCatalog.SearchSpace(prepared.Data.Task).Single(s => s.Trainer == trainer).Defaults();
        var model = runner.Fit(new TrialSettings(1, trainer, defaults), prepared.Data.Rows(fold.Train), CancellationToken.None);
        var rows = prepared.Data.Rows(fold.Validation);

        Assert.True(rows.Count >= CrossValidationTrialRunner.FlatWalkFromRows, $"{rows.Count} validation rows");
        var predicted = runner.Predict(model, rows);
        var again = runner.Predict(model, rows);
        var reference = runner.PredictWithMlNet(model, rows);

        // Boosted trees took the flat walk; the others ML.NET's own way (a forest's probability and multiclass scores are
        // not walked flat, see FlatTrees).
        var walked = trainer is TrainerCatalog.LightGbm or TrainerCatalog.FastTree && prepared.Data.Task != TaskKind.Multiclass;
        Assert.Equal(walked ? 2 : 0, runner.WalkedTrees);
        Assert.Equal(predicted, again);
        Assert.Equal(reference.Length, predicted.Length);
        for (var i = 0; i < reference.Length; i++)
        {
            Assert.Equal(reference[i], predicted[i]);
        }
    }

    [Fact]
    public async Task Small_validation_folds_are_scored_by_mlnet_where_the_walks_proof_would_cost_more_than_it_saves()
    {
        var prepared = await AutoTrainer.PrepareAsync(Some.Request("churn", rows: 400), CancellationToken.None);
        var runner = new CrossValidationTrialRunner(prepared.Data, seed: 42, prepared.Metric);
        var fold = prepared.Data.Folds[0];
        var defaults = TrainerCatalog.SearchSpace(prepared.Data.Task).Single(s => s.Trainer == TrainerCatalog.LightGbm).Defaults();
        var model = runner.Fit(new TrialSettings(1, TrainerCatalog.LightGbm, defaults), prepared.Data.Rows(fold.Train), CancellationToken.None);

        var predicted = runner.Predict(model, prepared.Data.Rows(fold.Validation));

        Assert.Equal(0, runner.WalkedTrees);
        Assert.Equal(runner.PredictWithMlNet(model, prepared.Data.Rows(fold.Validation)), predicted);
    }
}
