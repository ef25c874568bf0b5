using System.Text.Json.Nodes;
using Augur.Learning.Bundles;
using Augur.Learning.Training;

namespace Augur.Learning.Tests;

public sealed class OtherTaskTests
{
    [Fact]
    public async Task Regression_training_reaches_an_r2_above_0_5_and_predicts_numbers()
    {
        var outcome = await new AutoTrainer(TimeProvider.System).TrainAsync(Some.Request("spend", maxTrials: 4), null, CancellationToken.None);
        using var bundle = outcome.Bundle;

        Assert.Equal(TaskKind.Regression, outcome.Task);
        Assert.Equal("rmse", outcome.Metric);
        Assert.True(outcome.Best.Metrics["r2"] > 0.5, $"r2 was {outcome.Best.Metrics["r2"]}");
        Assert.Contains("mae", outcome.Best.Metrics.Keys);
        Assert.All(outcome.Leaderboard, t => Assert.Equal(TrialStatus.Succeeded, t.Status));
        var prediction = Assert.Single(bundle.Predict([Some.Customer()]));
        Assert.Null(prediction.Probabilities);
        Assert.InRange(prediction.Prediction!.GetValue<double>(), 120, 190);
        SamePredictions.AsRowPath(bundle, Some.Rows(300, seed: 3));
    }

    [Fact]
    public async Task Multiclass_training_predicts_one_of_the_labels_with_probabilities_summing_to_one()
    {
        var outcome = await new AutoTrainer(TimeProvider.System).TrainAsync(Some.Request("tier", maxTrials: 3), null, CancellationToken.None);
        using var bundle = outcome.Bundle;

        Assert.Equal(TaskKind.Multiclass, outcome.Task);
        Assert.Equal("logLoss", outcome.Metric);
        Assert.Equal(["high", "low", "mid"], bundle.Info.Labels);
        Assert.True(outcome.Best.Metrics["accuracy"] > 0.8, $"accuracy was {outcome.Best.Metrics["accuracy"]}");
        Assert.Contains("macroF1", outcome.Best.Metrics.Keys);
        Assert.All(outcome.Leaderboard, t => Assert.Equal(TrialStatus.Succeeded, t.Status));
        var predictions = bundle.Predict([Some.Customer(income: 25), Some.Customer(income: 50), Some.Customer(income: 75)]);
        Assert.Equal("low", predictions[0].Prediction!.GetValue<string>());
        Assert.Equal("mid", predictions[1].Prediction!.GetValue<string>());
        Assert.Equal("high", predictions[2].Prediction!.GetValue<string>());
        Assert.Equal(1.0, predictions[0].Probabilities!.Values.Sum(), 5);
        SamePredictions.AsRowPath(bundle, Some.Rows(300, seed: 3));
    }

    [Fact]
    public async Task A_boolean_target_comes_back_as_true_or_false()
    {
        var rows = Some.Rows(300);
        foreach (var row in rows)
        {
            row["churned"] = row["churn"]!.GetValue<string>() == "Yes";
        }

        var schema = Some.Schema with
        {
            Columns = [.. Some.Schema.Columns.Where(c => c.Name is not "churn" and not "spend" and not "tier"),
                new("churned", Augur.Data.Schema.ColumnType.Boolean, false, Augur.Data.Schema.ColumnRole.Feature)],
        };
        var request = new TrainingRequest(Some.WriteJsonl(rows), schema, "churned") { MaxTrials = 1 };

        var outcome = await new AutoTrainer(TimeProvider.System).TrainAsync(request, null, CancellationToken.None);
        using var bundle = outcome.Bundle;

        Assert.Equal(["false", "true"], bundle.Info.Labels);
        var prediction = Assert.Single(bundle.Predict([Some.Customer(income: 78)]));
        Assert.True(prediction.Prediction!.GetValue<bool>());
        Assert.Contains("true/false", outcome.TaskReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_target_is_refused_with_the_list_of_columns()
    {
        var request = Some.Request("churn") with { Target = "Churn" };

        var error = await Assert.ThrowsAsync<TrainingException>(() =>
            new AutoTrainer(TimeProvider.System).TrainAsync(request, null, CancellationToken.None));

        Assert.StartsWith("The column 'Churn' was not found. Columns are: id, age, income", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_target_with_one_value_is_refused()
    {
        var rows = Some.Rows(50);
        rows.ForEach(r => r["churn"] = "No");
        var request = Some.Request("churn") with { DataPath = Some.WriteJsonl(rows) };

        var error = await Assert.ThrowsAsync<TrainingException>(() =>
            new AutoTrainer(TimeProvider.System).TrainAsync(request, null, CancellationToken.None));

        Assert.Contains("only one value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bundles_of_every_task_load_back_from_a_file()
    {
        var outcome = await new AutoTrainer(TimeProvider.System).TrainAsync(Some.Request("tier", rows: 200, maxTrials: 1), null, CancellationToken.None);
        using var bundle = outcome.Bundle;
        var path = Path.Combine(Path.GetDirectoryName(Some.WriteJsonl([]))!, "model.augur");
        await using (var file = File.Create(path))
        {
            await bundle.SaveAsync(file, CancellationToken.None);
        }

        await using var read = File.OpenRead(path);
        using var loaded = await ModelBundle.LoadAsync(read, CancellationToken.None);

        JsonObject row = Some.Customer(income: 50);
        Assert.Equal(bundle.Predict([row])[0].Probabilities, loaded.Predict([row])[0].Probabilities);
        Assert.Equal(bundle.Info.Metrics, loaded.Info.Metrics);
    }
}
