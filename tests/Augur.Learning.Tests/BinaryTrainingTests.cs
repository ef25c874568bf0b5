using System.Text.Json.Nodes;
using Augur.Learning.Bundles;
using Augur.Learning.Features;
using Augur.Learning.Training;

namespace Augur.Learning.Tests;

public sealed class BinaryTrainingTests(BinaryFixture fixture) : IClassFixture<BinaryFixture>
{
    private TrainingOutcome Outcome => fixture.Outcome;

    [Fact]
    public void Binary_training_reaches_an_auc_above_0_8_on_the_holdout()
    {
        Assert.Equal(TaskKind.Binary, Outcome.Task);
        Assert.Equal("auc", Outcome.Metric);
        Assert.True(Outcome.Best.Metrics["auc"] > 0.8, $"auc was {Outcome.Best.Metrics["auc"]}");
        foreach (var key in new[] { "logLoss", "f1", "accuracy", "prAuc", "precision", "recall" })
        {
            Assert.Contains(key, Outcome.Best.Metrics.Keys);
        }
    }

    [Fact]
    public void Small_data_is_validated_by_five_fold_cross_validation_and_log_loss_is_in_nats()
    {
        Assert.Equal("5-fold", Outcome.Validation);
        // A useful model beats the prior's log loss, ln 2 at most for two classes.
        Assert.InRange(Outcome.Best.Metrics["logLoss"], 0.05, Math.Log(2));
    }

    [Fact]
    public void The_tuned_threshold_is_reported_stored_in_the_bundle_and_used_for_the_label()
    {
        var threshold = Assert.NotNull(Outcome.Threshold);
        Assert.Equal(threshold, Outcome.ValidationMetrics["threshold"]);
        Assert.Equal(threshold, Outcome.Bundle.Info.Threshold);

        var rows = Enumerable.Range(0, 30).Select(i => Some.Customer(income: 20 + (2 * i), plan: "plus")).ToList();
        foreach (var prediction in Outcome.Bundle.Predict(rows))
        {
            var expected = prediction.Probabilities!["Yes"] >= threshold ? "Yes" : "No";
            Assert.Equal(expected, prediction.Prediction!.GetValue<string>());
        }
    }

    [Fact]
    public void The_lift_table_has_ten_deciles_whose_gain_reaches_one()
    {
        Assert.Equal(Enumerable.Range(1, 10), Outcome.LiftTable.Select(r => r.Decile));
        Assert.Equal(600, Outcome.LiftTable.Sum(r => r.Rows));
        Assert.Equal(1.0, Outcome.LiftTable[^1].CumulativeGain, 9);
        Assert.True(Outcome.LiftTable[0].Lift > 1.5, $"top decile lift {Outcome.LiftTable[0].Lift}");
    }

    [Fact]
    public void Feature_importance_puts_the_real_drivers_first_and_nothing_was_excluded()
    {
        Assert.Equal(["income", "plan"], Outcome.FeatureImportance.Take(2).Select(f => f.Column).Order(StringComparer.Ordinal));
        Assert.Equal(5, Outcome.FeatureImportance.Count);
        Assert.Empty(Outcome.ExcludedColumns);
    }

    [Fact]
    public void The_two_trials_are_served_as_an_ensemble_that_validates_at_least_as_well_as_the_best()
    {
        Assert.Equal(2, Outcome.Ensemble.Count);
        Assert.Equal(1.0, Outcome.Ensemble.Sum(m => m.Weight), 9);
        Assert.Equal(Outcome.Ensemble, Outcome.Bundle.Info.Ensemble);
        Assert.True(Outcome.ValidationMetrics["auc"] >= Outcome.Best.Metrics["auc"]);
        // What the model page says, in an analyst's words.
        Assert.Equal("A blend of 2 models: both are refitted on all rows.", Outcome.ServedModels);
    }

    [Fact]
    public void The_first_trial_is_a_default_lightgbm()
    {
        var first = Outcome.Leaderboard.Single(t => t.Number == 1);
        Assert.Equal("lightGbm", first.Trainer);
        Assert.Equal("31", first.Parameters["numberOfLeaves"]);
    }

    [Fact]
    public void The_bundle_describes_the_target_labels_and_inputs()
    {
        var info = Outcome.Bundle.Info;
        Assert.Equal("churn", info.Target);
        Assert.Equal(["No", "Yes"], info.Labels);
        Assert.DoesNotContain(info.Inputs, c => c.Name is "id" or "churn" or "spend" or "tier");
        Assert.Contains(info.Inputs, c => c.Name == "income");
    }

    [Fact]
    public async Task A_saved_bundle_loads_back_and_predicts_the_same_probabilities()
    {
        JsonObject[] rows = [Some.Customer(income: 30, plan: "pro"), Some.Customer(income: 75, plan: "basic")];
        var before = Outcome.Bundle.Predict(rows);

        using var file = new MemoryStream();
        await Outcome.Bundle.SaveAsync(file, CancellationToken.None);
        file.Position = 0;
        using var loaded = await ModelBundle.LoadAsync(file, CancellationToken.None);
        var after = loaded.Predict(rows);

        Assert.Equal(Outcome.Bundle.Info.Trainer, loaded.Info.Trainer);
        for (var i = 0; i < rows.Length; i++)
        {
            Assert.Equal(before[i].Prediction!.ToJsonString(), after[i].Prediction!.ToJsonString());
            Assert.Equal(before[i].Probabilities!["Yes"], after[i].Probabilities!["Yes"], 6);
        }
    }

    [Fact]
    public void Predictions_are_original_labels_with_probabilities_that_follow_the_signal()
    {
        var predictions = Outcome.Bundle.Predict([Some.Customer(income: 25, plan: "pro"), Some.Customer(income: 78, plan: "basic")]);

        Assert.Equal("No", predictions[0].Prediction!.GetValue<string>());
        Assert.Equal("Yes", predictions[1].Prediction!.GetValue<string>());
        Assert.Equal(1.0, predictions[1].Probabilities!["Yes"] + predictions[1].Probabilities!["No"], 6);
        Assert.True(predictions[1].Probabilities!["Yes"] > predictions[0].Probabilities!["Yes"]);
    }

    [Fact]
    public void A_missing_required_field_is_refused_naming_row_and_field()
    {
        var row = Some.Customer();
        row.Remove("plan");

        var error = Assert.Throws<InvalidInputException>(() => Outcome.Bundle.Predict([Some.Customer(), row]));

        var only = Assert.Single(error.Errors);
        Assert.Equal(new InputError(1, "plan", FeaturePlan.RequiredMessage), only);
    }

    [Fact]
    public void A_wrongly_typed_field_is_refused_naming_row_field_and_value()
    {
        var row = Some.Customer();
        row["age"] = "abc";

        var error = Assert.Throws<InvalidInputException>(() => Outcome.Bundle.Predict([row]));

        Assert.Equal(new InputError(0, "age", "expected a number but got \"abc\""), Assert.Single(error.Errors));
    }

    [Fact]
    public void Nullable_fields_may_be_missing_and_numbers_may_come_as_strings()
    {
        var row = Some.Customer();
        row.Remove("income");
        row["signup"] = null;
        row["age"] = "41";

        var prediction = Assert.Single(Outcome.Bundle.Predict([row]));

        Assert.NotNull(prediction.Probabilities);
    }

    [Fact]
    public void Unknown_fields_are_ignored_and_listed()
    {
        var plain = Some.Customer();
        var extra = Some.Customer();
        extra["favouriteColour"] = "green";

        var predictions = Outcome.Bundle.Predict([plain, extra]);

        Assert.Equal(predictions[0].Probabilities!["Yes"], predictions[1].Probabilities!["Yes"]);
        Assert.Equal(["favouriteColour"], Outcome.Bundle.UnknownFields(extra));
        Assert.Empty(Outcome.Bundle.UnknownFields(plain));
    }

    [Fact]
    public async Task Prediction_is_thread_safe()
    {
        var row = Some.Customer();
        var expected = Outcome.Bundle.Predict([row])[0].Probabilities!["Yes"];

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 50).Select(_ => Outcome.Bundle.Predict([row])[0].Probabilities!["Yes"]).ToList())));

        Assert.All(results.SelectMany(r => r), p => Assert.Equal(expected, p));
    }

    [Fact]
    public void Batch_prediction_answers_exactly_what_row_by_row_prediction_answers_and_rejects_only_the_bad_rows()
    {
        Assert.NotEmpty(Outcome.Bundle.Info.Ensemble); // the batch path must average an ensemble the same way
        var rows = Some.Rows(500, seed: 11);
        rows[3]["age"] = "old";
        rows[9].Remove("plan");
        rows[5]["plan"] = "Platinum, never seen in training";
        rows[6]["plan"] = " ";
        rows[7]["age"] = "41.5";

        SamePredictions.AsRowPath(Outcome.Bundle, rows);
        var outcomes = Outcome.Bundle.PredictBatch(rows);
        Assert.Equal("age", Assert.Single(outcomes[3].Errors).Field);
        Assert.Equal("plan", Assert.Single(outcomes[9].Errors).Field);
        Assert.Equal("plan", Assert.Single(outcomes[6].Errors).Field);
        Assert.True(outcomes[5].IsValid); // an unseen category is scored, as all zeros in its one-hot slots
        Assert.Equal(497, outcomes.Count(o => o.IsValid));
    }
}
