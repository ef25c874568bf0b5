using System.Text.Json.Nodes;
using Augur.Data.Schema;
using Augur.Learning.Bundles;
using Augur.Learning.Features;
using Augur.Learning.Search;
using Augur.Learning.Trainers;
using Augur.Learning.Training;

namespace Augur.Learning.Tests;

public sealed class TargetEncodingTests
{
    private static readonly TableSchema Schema = new(0,
    [
        new("shop", ColumnType.Categorical, false, ColumnRole.Feature),
        new("noise", ColumnType.Number, false, ColumnRole.Feature),
        new("bought", ColumnType.Boolean, false, ColumnRole.Feature),
    ]);

    /// <summary>300 shops (too many for one-hot), each with its own buying rate: the shop is the only signal.</summary>
    private static List<JsonObject> Rows(int count, int shops, int seed = 3)
    {
        var random = new Random(seed);
        var rates = Enumerable.Range(0, shops).Select(_ => random.NextDouble()).ToArray();
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var shop = random.Next(shops);
            return new JsonObject
            {
                ["shop"] = $"S{shop:D4}",
                ["noise"] = random.NextDouble(),
                ["bought"] = random.NextDouble() < rates[shop],
            };
        })];
    }

    private static TrainingRequest Request(List<JsonObject> rows, int trials) =>
        new(Some.WriteJsonl(rows), Schema with { Rows = rows.Count }, "bought") { Budget = TimeSpan.FromMinutes(5), MaxTrials = trials, Ensemble = false };

    [Fact]
    public async Task The_search_tries_target_encoding_against_hashing_and_records_the_choice_per_trial()
    {
        var rows = Rows(1500, 150);
        var tuner = new ChoiceTuner(0, 1);
        var outcome = await new AutoTrainer(TimeProvider.System, tuner).TrainAsync(Request(rows, trials: 2), null, CancellationToken.None);
        using var stream = new MemoryStream();
        await outcome.Bundle.SaveAsync(stream, CancellationToken.None);
        outcome.Bundle.Dispose();
        stream.Position = 0;
        // Scored after a reload: the encodings travel in the bundle.
        using var bundle = await ModelBundle.LoadAsync(stream, CancellationToken.None);

        var trials = outcome.Leaderboard.OrderBy(t => t.Number).ToList();
        Assert.Equal(["0", "1"], trials.Select(t => t.Parameters[FeaturePipeline.TargetEncodingParameter]));
        var encoded = trials[1];
        Assert.True(encoded.Metrics["auc"] > 0.7, $"target-encoded auc {encoded.Metrics["auc"]}");

        // The stored encoding scores a shop with many buyers above one with few, and an unknown shop in between.
        var rates = rows.GroupBy(r => r["shop"]!.GetValue<string>())
            .Select(g => (Shop: g.Key, Rate: g.Average(r => r["bought"]!.GetValue<bool>() ? 1.0 : 0.0), Count: g.Count()))
            .Where(g => g.Count >= 8).OrderBy(g => g.Rate).ToList();
        var answers = bundle.Predict([Row(rates[0].Shop), Row(rates[^1].Shop)]);
        Assert.True(answers[1].Probabilities!["true"] > answers[0].Probabilities!["true"]);

        // The winner was target-encoded, and its reason codes map the encoded slot back to the shop.
        Assert.Equal("1", outcome.Best.Parameters[FeaturePipeline.TargetEncodingParameter]);
        var lowShop = bundle.Predict([Row(rates[0].Shop)], reasons: 2)[0].Reasons!.First(r => r.Column == "shop");
        Assert.True(lowShop.Contribution < 0, $"a shop where nobody bought contributed {lowShop.Contribution}");

        // The batch paths encode target-encoded columns as the row path does: known and unknown shops, missing ones.
        var mixed = Rows(200, 400, seed: 9);
        mixed[1].Remove("shop");
        mixed[2]["shop"] = null;
        mixed[3]["shop"] = 17;
        SamePredictions.AsRowPath(bundle, mixed);
    }

    [Fact]
    public async Task Out_of_fold_encoding_does_not_leak_a_column_of_unique_values()
    {
        // Every row its own shop: encoded in-sample, the shop would give away each row's target (AUC near 1).
        var rows = Rows(600, 100_000, seed: 5);
        var tuner = new ChoiceTuner(1);
        var outcome = await new AutoTrainer(TimeProvider.System, tuner).TrainAsync(Request(rows, trials: 1) with { ExcludeLeakyColumns = false }, null, CancellationToken.None);
        outcome.Bundle.Dispose();

        Assert.InRange(outcome.Best.Metrics["auc"], 0.3, 0.65);
    }

    [Fact]
    public void Encodings_are_smoothed_towards_the_prior_and_unseen_values_get_the_prior()
    {
        var rows = new List<JsonObject> { new() { ["c"] = "a" }, new() { ["c"] = "a" }, new() { ["c"] = "b" }, new() { ["c"] = "b" } };
        var plan = FeaturePlan.Build([new ColumnSchema("c", ColumnType.Categorical, false, ColumnRole.Feature)], rows) with { };
        var hashed = plan with { Inputs = [plan.Inputs[0] with { Encoding = FeatureEncoding.Hashed, Slot = 0 }], CategorySlots = 0, HashedSlots = 1 };

        var encoding = Assert.Single(TargetEncoder.Fit(hashed, rows, [1, 1, 0, 0]).TargetEncodings);

        Assert.Equal(0.5, encoding.Prior);
        Assert.Equal((2 + (0.5 * TargetEncoder.Smoothing)) / (2 + TargetEncoder.Smoothing), encoding.Values["a"], 9);
        Assert.Equal(0.5f, encoding.Encode("never seen"));
    }

    private static JsonObject Row(string shop) => new() { ["shop"] = shop, ["noise"] = 0.5 };

    /// <summary>LightGBM with its defaults, and the given hashing (0) or target-encoding (1) choice per trial in turn.</summary>
    private sealed class ChoiceTuner(params int[] choices) : ITunerFactory
    {
        public ITuner Create(TaskKind task, IReadOnlyList<TrainerSpace> searchSpace, int seed) => new Tuner(choices, searchSpace[0]);

        private sealed class Tuner(int[] choices, TrainerSpace space) : ITuner
        {
            public TrialSettings Propose(int trialNumber)
            {
                var parameters = space.Defaults().ToDictionary();
                Assert.Contains(FeaturePipeline.TargetEncodingParameter, parameters.Keys);
                parameters[FeaturePipeline.TargetEncodingParameter] = choices[(trialNumber - 1) % choices.Length];
                return new TrialSettings(trialNumber, space.Trainer, parameters);
            }

            public void Update(TrialObservation observation)
            {
            }
        }
    }
}
