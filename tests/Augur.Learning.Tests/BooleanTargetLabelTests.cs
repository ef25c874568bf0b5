using System.IO.Compression;
using System.Text.Json.Nodes;
using Augur.Data.Schema;
using Augur.Learning.Bundles;
using Augur.Learning.Training;

namespace Augur.Learning.Tests;

/// <summary>
/// A boolean target is stored as JSON true/false; when the schema kept the source's words for it ("Yes"/"No", "да"/"нет"),
/// the model names its classes in those words, and without them it answers true/false as it always did.
/// </summary>
public sealed class BooleanTargetLabelTests
{
    /// <summary>Some's churn table with the target as a boolean "churned", spelled in the schema as given (or not at all).</summary>
    private static TrainingRequest Request(BooleanLabels? labels)
    {
        var rows = Some.Rows(300);
        foreach (var row in rows)
        {
            row["churned"] = row["churn"]!.GetValue<string>() == "Yes";
        }

        var schema = Some.Schema with
        {
            Columns = [.. Some.Schema.Columns.Where(c => c.Name is not "churn" and not "spend" and not "tier"),
                new("churned", ColumnType.Boolean, false, ColumnRole.Feature) { Labels = labels }],
        };
        return new TrainingRequest(Some.WriteJsonl(rows), schema, "churned") { MaxTrials = 1 };
    }

    private static async Task<ModelBundle> RoundTripAsync(ModelBundle bundle)
    {
        using var file = new MemoryStream();
        await bundle.SaveAsync(file, CancellationToken.None);
        file.Position = 0;
        return await ModelBundle.LoadAsync(file, CancellationToken.None);
    }

    private static string BundleJson(MemoryStream file)
    {
        using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
        using var reader = new StreamReader(zip.GetEntry("bundle.json")!.Open());
        return reader.ReadToEnd();
    }

    [Fact]
    public async Task A_yes_no_target_is_predicted_as_yes_or_no_with_probabilities_keyed_so_and_survives_a_round_trip()
    {
        var outcome = await new AutoTrainer(TimeProvider.System).TrainAsync(Request(new BooleanLabels("Yes", "No")), null, CancellationToken.None);
        using var bundle = outcome.Bundle;
        // The rows a person scores may spell the flags in words, and may still carry the target itself.
        JsonObject[] rows = [Some.Customer(income: 22, plan: "pro"), Some.Customer(income: 78)];
        rows[0]["active"] = "no";
        rows[1]["churned"] = "Yes";

        Assert.Equal(["No", "Yes"], bundle.Info.Labels);
        Assert.Equal("The target 'churned' is Yes/No.", outcome.TaskReason);
        var predictions = bundle.Predict(rows);
        Assert.Equal(["No", "Yes"], predictions.Select(p => p.Prediction!.GetValue<string>()));
        Assert.Equal(["No", "Yes"], predictions[1].Probabilities!.Keys.Order(StringComparer.Ordinal));
        Assert.True(predictions[1].Probabilities!["Yes"] > predictions[0].Probabilities!["Yes"]);
        SamePredictions.AsRowPath(bundle, [.. rows, .. Some.Rows(50, seed: 3)]);

        using var loaded = await RoundTripAsync(bundle);
        Assert.Equal(["No", "Yes"], loaded.Info.Labels);
        var again = loaded.Predict(rows);
        Assert.Equal(predictions.Select(p => p.Prediction!.ToJsonString()), again.Select(p => p.Prediction!.ToJsonString()));
        Assert.Equal(predictions[1].Probabilities!["Yes"], again[1].Probabilities!["Yes"], 12);
    }

    [Fact]
    public async Task A_russian_target_keeps_da_as_the_positive_class_although_it_sorts_first()
    {
        var outcome = await new AutoTrainer(TimeProvider.System).TrainAsync(Request(new BooleanLabels("да", "нет")), null, CancellationToken.None);
        using var bundle = outcome.Bundle;

        // The classes keep false/true order, so the threshold and the lift table still mean "да".
        Assert.Equal(["нет", "да"], bundle.Info.Labels);
        var predictions = bundle.Predict([Some.Customer(income: 22, plan: "pro"), Some.Customer(income: 78)]);
        Assert.Equal(["нет", "да"], predictions.Select(p => p.Prediction!.GetValue<string>()));
        Assert.True(predictions[1].Probabilities!["да"] > 0.5);
        var customer = Some.Customer(income: 78);
        var answers = new BatchAnswers();
        bundle.PredictBatch([[.. customer.Select(p => p.Value?.DeepClone())]], bundle.Layout([.. customer.Select(p => p.Key)]), answers);
        Assert.Null(answers.Errors(0));
        Assert.Equal("да", answers.Label(answers.Best(0)).GetValue<string>());
    }

    [Fact]
    public async Task A_bundle_without_labels_as_older_ones_were_written_still_answers_true_or_false_after_a_round_trip()
    {
        var outcome = await new AutoTrainer(TimeProvider.System).TrainAsync(Request(labels: null), null, CancellationToken.None);
        using var bundle = outcome.Bundle;
        using var file = new MemoryStream();
        await bundle.SaveAsync(file, CancellationToken.None);

        Assert.DoesNotContain("\"labels\": {", BundleJson(file), StringComparison.Ordinal);
        file.Position = 0;
        using var loaded = await ModelBundle.LoadAsync(file, CancellationToken.None);
        Assert.Equal(["false", "true"], loaded.Info.Labels);
        var prediction = Assert.Single(loaded.Predict([Some.Customer(income: 78)]));
        Assert.True(prediction.Prediction!.GetValue<bool>());
        Assert.Contains("true", prediction.Probabilities!.Keys);
    }
}
