using System.Text.Json.Nodes;
using Augur.Data.Schema;
using Augur.Learning.Bundles;
using Augur.Learning.Training;

namespace Augur.Learning.Tests;

/// <summary>A trained model measured on newer rows whose outcome is known, as it is served.</summary>
public sealed class KnownOutcomesTests
{
    [Fact]
    public async Task A_model_measured_on_new_rows_like_its_training_data_does_about_as_well_and_worse_when_the_outcomes_turned()
    {
        var outcome = await new AutoTrainer(TimeProvider.System).TrainAsync(Some.Request("churn", maxTrials: 1), null, CancellationToken.None);
        using var bundle = outcome.Bundle;
        var fresh = Some.Rows(400, seed: 11);

        var check = KnownOutcomes.Evaluate(bundle, fresh);

        Assert.Equal((400, 0, 0, 0), (check.Rows, check.WithoutOutcome, check.UnknownClass, check.Unanswered));
        Assert.InRange(check.Metrics["auc"], outcome.ValidationMetrics["auc"] - 0.08, 1);
        // Accuracy and the rest are at the model's own cut, not one tuned on these rows: what the served answers score.
        var said = bundle.Predict(fresh).Count(p => p.Prediction!.GetValue<string>() == "Yes");
        var right = fresh.Zip(bundle.Predict(fresh)).Count(p => p.First["churn"]!.GetValue<string>() == p.Second.Prediction!.GetValue<string>());
        Assert.Equal((double)right / fresh.Count, check.Metrics["accuracy"], 10);
        Assert.InRange(said, 1, 399);

        // The world changed: those who stayed now leave, and the other way round.
        foreach (var row in fresh)
        {
            row["churn"] = row["churn"]!.GetValue<string>() == "Yes" ? "No" : "Yes";
        }

        Assert.True(KnownOutcomes.Evaluate(bundle, fresh).Metrics["auc"] < 0.3);
    }

    [Fact]
    public async Task Rows_without_an_outcome_with_a_class_never_seen_or_that_cannot_be_scored_are_counted_and_left_out()
    {
        var outcome = await new AutoTrainer(TimeProvider.System).TrainAsync(Some.Request("churn", maxTrials: 1), null, CancellationToken.None);
        using var bundle = outcome.Bundle;
        var rows = Some.Rows(50, seed: 12);
        rows[0].Remove("churn");
        rows[1]["churn"] = null;
        rows[2]["churn"] = "Maybe";
        rows[3]["age"] = "forty";

        var check = KnownOutcomes.Evaluate(bundle, rows);

        Assert.Equal((46, 2, 1, 1), (check.Rows, check.WithoutOutcome, check.UnknownClass, check.Unanswered));
        Assert.True(check.Metrics.ContainsKey("auc"));
    }

    [Fact]
    public async Task Amounts_are_measured_by_their_errors_and_yes_no_targets_in_their_own_words()
    {
        var spend = await new AutoTrainer(TimeProvider.System).TrainAsync(Some.Request("spend", maxTrials: 1), null, CancellationToken.None);
        using (var bundle = spend.Bundle)
        {
            var check = KnownOutcomes.Evaluate(bundle, Some.Rows(200, seed: 13));
            Assert.Equal(200, check.Rows);
            Assert.InRange(check.Metrics["r2"], 0.5, 1);
            Assert.True(check.Metrics["rmse"] > 0);
        }

        // A boolean target spelled Yes/No in its source: true is "Yes", the second class.
        var rows = Some.Rows(300);
        foreach (var row in rows)
        {
            row["churned"] = row["churn"]!.GetValue<string>() == "Yes";
        }

        var schema = Some.Schema with
        {
            Columns = [.. Some.Schema.Columns.Where(c => c.Name is not "churn" and not "spend" and not "tier"),
                new("churned", ColumnType.Boolean, false, ColumnRole.Feature) { Labels = new BooleanLabels("Yes", "No") }],
        };
        var churned = await new AutoTrainer(TimeProvider.System).TrainAsync(new TrainingRequest(Some.WriteJsonl(rows), schema, "churned") { MaxTrials = 1 }, null, CancellationToken.None);
        using var yesNo = churned.Bundle;
        var fresh = Some.Rows(200, seed: 14).Select(r => { r["churned"] = r["churn"]!.GetValue<string>() == "Yes"; return r; }).ToList();
        Assert.InRange(KnownOutcomes.Evaluate(yesNo, fresh).Metrics["auc"], 0.7, 1);
    }
}
