using System.IO.Compression;
using System.Text.Json.Nodes;
using Augur.Data.Schema;
using Augur.Learning.Bundles;
using Augur.Learning.Features;
using Augur.Learning.Search;
using Augur.Learning.Training;

namespace Augur.Learning.Tests;

public sealed class MulticlassTargetEncodingTests
{
    private static readonly string[] Colours = ["blue", "green", "red"];

    private static readonly TableSchema Schema = new(0,
    [
        new("shop", ColumnType.Categorical, false, ColumnRole.Feature),
        new("noise", ColumnType.Number, false, ColumnRole.Feature),
        new("colour", ColumnType.Categorical, false, ColumnRole.Feature),
    ]);

    [Fact]
    public void Each_class_gets_its_own_smoothed_share_and_unseen_values_get_the_class_prior()
    {
        var rows = new List<JsonObject> { Shop("a"), Shop("a"), Shop("a"), Shop("b") };
        // Classes by index: a → 0, 0, 1; b → 2.
        var plan = Hashed(rows);

        var encodings = TargetEncoder.Fit(plan, rows, [0, 0, 1, 2], ["x", "y", "z"]).TargetEncodings;

        Assert.Equal(["x", "y", "z"], encodings.Select(e => e.Class));
        Assert.Equal([0, 1, 2], encodings.Select(e => e.Slot));
        Assert.All(encodings, e => Assert.Equal("c", e.Column));
        Assert.Equal((2 + (0.5 * TargetEncoder.Smoothing)) / (3 + TargetEncoder.Smoothing), encodings[0].Values["a"], 9);
        Assert.Equal(0.25f, encodings[2].Encode("never seen"));
    }

    [Fact]
    public void Only_the_most_frequent_classes_are_encoded_when_there_are_many()
    {
        // Class k appears k + 1 times (78 rows): the rarest two, L0 and L1, are not encoded.
        var targets = Enumerable.Range(0, 12).SelectMany(k => Enumerable.Repeat((double)k, k + 1)).ToList();
        var rows = targets.Select((_, i) => Shop($"s{i % 7}")).ToList();
        var labels = Enumerable.Range(0, 12).Select(k => $"L{k}").ToList();

        var encodings = TargetEncoder.Fit(Hashed(rows), rows, targets, labels).TargetEncodings;

        Assert.Equal(TargetEncoder.MaxClasses, encodings.Count);
        Assert.DoesNotContain("L0", encodings.Select(e => e.Class));
        Assert.DoesNotContain("L1", encodings.Select(e => e.Class));
    }

    [Fact]
    public async Task A_multiclass_run_target_encodes_a_high_cardinality_column_out_of_fold_and_the_bundle_keeps_the_encodings()
    {
        var rows = Rows(1200, 150);
        var request = new TrainingRequest(Some.WriteJsonl(rows), Schema with { Rows = rows.Count }, "colour")
        {
            Budget = TimeSpan.FromMinutes(5),
            MaxTrials = 1,
            Ensemble = false,
        };

        var outcome = await new AutoTrainer(TimeProvider.System, new TargetEncodingTuner()).TrainAsync(request, null, CancellationToken.None);
        using var stream = new MemoryStream();
        await outcome.Bundle.SaveAsync(stream, CancellationToken.None);
        outcome.Bundle.Dispose();

        Assert.Equal(TaskKind.Multiclass, outcome.Task);
        Assert.Equal("1", outcome.Best.Parameters[FeaturePipeline.TargetEncodingParameter]);
        Assert.True(outcome.Best.Metrics["macroF1"] > 0.6, $"macro-F1 {outcome.Best.Metrics["macroF1"]}");
        stream.Position = 0;
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true))
        {
            var spec = JsonNode.Parse(zip.GetEntry("features.json")!.Open())!;
            var encodings = spec["features"]!["targetEncodings"]!.AsArray();
            Assert.Equal(Colours, encodings.Select(e => e!["class"]!.GetValue<string>()));
        }

        // After a reload, a shop whose buyers nearly all chose one colour is predicted as that colour.
        stream.Position = 0;
        using var bundle = await ModelBundle.LoadAsync(stream, CancellationToken.None);
        var typical = rows.GroupBy(r => r["shop"]!.GetValue<string>())
            .Select(g => (Shop: g.Key, Colour: g.GroupBy(r => r["colour"]!.GetValue<string>()).MaxBy(c => c.Count())!.Key, Count: g.Count()))
            .Where(g => g.Count >= 10)
            .Take(5)
            .ToList();
        var answers = bundle.Predict([.. typical.Select(t => new JsonObject { ["shop"] = t.Shop, ["noise"] = 0.5 })]);
        Assert.True(typical.Zip(answers).Count(p => p.Second.Prediction!.GetValue<string>() == p.First.Colour) >= 4);
    }

    /// <summary>150 shops, each of which sells mostly one colour (80%): the shop is the only signal.</summary>
    private static List<JsonObject> Rows(int count, int shops)
    {
        var random = new Random(11);
        var favourite = Enumerable.Range(0, shops).Select(_ => random.Next(Colours.Length)).ToArray();
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var shop = random.Next(shops);
            var colour = random.NextDouble() < 0.8 ? favourite[shop] : random.Next(Colours.Length);
            return new JsonObject { ["shop"] = $"S{shop:D4}", ["noise"] = random.NextDouble(), ["colour"] = Colours[colour] };
        })];
    }

    private static JsonObject Shop(string value) => new() { ["c"] = value };

    private static FeaturePlan Hashed(List<JsonObject> rows)
    {
        var plan = FeaturePlan.Build([new ColumnSchema("c", ColumnType.Categorical, false, ColumnRole.Feature)], rows);
        return plan with { Inputs = [plan.Inputs[0] with { Encoding = FeatureEncoding.Hashed, Slot = 0 }], CategorySlots = 0, HashedSlots = 1 };
    }

    /// <summary>The first trainer's defaults with target encoding chosen.</summary>
    private sealed class TargetEncodingTuner : ITunerFactory
    {
        public ITuner Create(TaskKind task, IReadOnlyList<TrainerSpace> searchSpace, int seed) => new Tuner(searchSpace[0]);

        private sealed class Tuner(TrainerSpace space) : ITuner
        {
            public TrialSettings Propose(int trialNumber)
            {
                var parameters = space.Defaults().ToDictionary();
                Assert.Contains(FeaturePipeline.TargetEncodingParameter, parameters.Keys);
                parameters[FeaturePipeline.TargetEncodingParameter] = 1;
                return new TrialSettings(trialNumber, space.Trainer, parameters);
            }

            public void Update(TrialObservation observation)
            {
            }
        }
    }
}
