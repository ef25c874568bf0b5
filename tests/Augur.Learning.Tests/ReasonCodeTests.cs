using System.Text.Json;
using Augur.Learning.Bundles;
using Augur.Learning.Trainers;
using Augur.Learning.Training;

namespace Augur.Learning.Tests;

public sealed class ReasonCodeTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static async Task<ModelBundle> TrainAsync(string target, string trainer, int rows = 400)
    {
        var request = Some.Request(target, rows: rows, maxTrials: 1) with { Ensemble = false };
        var outcome = await new AutoTrainer(TimeProvider.System, new ScriptedTuner(trainer)).TrainAsync(request, null, CancellationToken.None);
        return outcome.Bundle;
    }

    [Fact]
    public async Task A_lightgbm_churn_model_names_income_with_the_sign_that_matches_the_data_and_keeps_it_after_a_reload()
    {
        using var trained = await TrainAsync("churn", TrainerCatalog.LightGbm);
        using var stream = new MemoryStream();
        await trained.SaveAsync(stream, CancellationToken.None);
        stream.Position = 0;
        using var bundle = await ModelBundle.LoadAsync(stream, CancellationToken.None);

        Assert.True(bundle.CanExplain);
        Assert.Null(bundle.ExplanationNote);
        // Churn rises with income: a rich customer's income pushes towards "Yes", a poor one's away from it.
        var answers = bundle.Predict([Some.Customer(income: 79, plan: "plus"), Some.Customer(income: 21, plan: "plus")], reasons: 3);
        var rich = answers[0].Reasons!;
        Assert.InRange(rich.Count, 1, 3);
        Assert.Equal("income", rich[0].Column);
        Assert.True(rich[0].Contribution > 0, $"rich income contributed {rich[0].Contribution}");
        Assert.Equal("up", rich[0].Direction);
        var poor = answers[1].Reasons!;
        Assert.Equal("income", poor[0].Column);
        Assert.True(poor[0].Contribution < 0, $"poor income contributed {poor[0].Contribution}");
        Assert.All(rich.Concat(poor), r => Assert.Contains(r.Column, new[] { "age", "income", "plan", "active", "signup" }));
        Assert.Equal([.. rich.OrderByDescending(r => Math.Abs(r.Contribution))], rich);

        // Reasons are opt-in: the plain path leaves them out, also from JSON.
        var plain = Assert.Single(bundle.Predict([Some.Customer()]));
        Assert.Null(plain.Reasons);
        Assert.DoesNotContain("reasons", JsonSerializer.Serialize(plain, Web), StringComparison.Ordinal);
        var outcome = Assert.Single(bundle.PredictEach([Some.Customer(income: 79)], reasons: 1));
        Assert.Single(outcome.Prediction!.Reasons!);
    }

    [Fact]
    public async Task A_fasttree_regression_model_puts_age_first_for_spend()
    {
        using var bundle = await TrainAsync("spend", TrainerCatalog.FastTree, rows: 300);

        var old = Some.Customer();
        old["age"] = 78;
        var reasons = Assert.Single(bundle.Predict([old], reasons: 2)).Reasons!;

        Assert.Equal("age", reasons[0].Column);
        Assert.True(reasons[0].Contribution > 0);
        Assert.True(reasons.Count <= 2);
    }

    [Fact]
    public async Task A_linear_model_is_explained_by_its_weights()
    {
        using var bundle = await TrainAsync("churn", TrainerCatalog.LbfgsLogisticRegression, rows: 200);

        Assert.True(bundle.CanExplain);
        var reasons = Assert.Single(bundle.Predict([Some.Customer(income: 79)], reasons: 2)).Reasons!;
        Assert.Equal(2, reasons.Count);
        Assert.All(reasons, r => Assert.Contains(r.Column, new[] { "age", "income", "plan", "active", "signup" }));
    }

    [Fact]
    public async Task A_multiclass_model_gives_no_reason_codes_and_says_why()
    {
        using var bundle = await TrainAsync("tier", TrainerCatalog.LightGbm, rows: 200);

        Assert.False(bundle.CanExplain);
        Assert.Contains("multiclass", bundle.ExplanationNote, StringComparison.Ordinal);
        Assert.Null(Assert.Single(bundle.Predict([Some.Customer()], reasons: 3)).Reasons);
    }
}
