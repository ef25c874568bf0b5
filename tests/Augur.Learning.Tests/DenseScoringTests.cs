using Augur.Learning.Bundles;
using Augur.Learning.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Augur.Learning.Tests;

public sealed class DenseScoringTests
{
    private static readonly Lock Building = new();

    // These models are trained on rows of their own shape, not the bundle's FeatureRow: their features cannot be written.
    private static readonly SchemaDefinition FeatureRows = SchemaDefinition.Create(typeof(Augur.Learning.Features.FeatureRow));

    [Theory]
    [InlineData("lightGbm")]
    [InlineData("fastTree")]
    [InlineData("fastForestPlatt")]
    public void A_tree_model_fed_dense_features_answers_what_the_whole_model_answers_to_the_bit(string trainer)
    {
        var ml = new MLContext(1);
        var model = Train(ml, trainer);
        var scoring = DenseScoring.TryCreate(model, ml, FeatureRows);
        Assert.NotNull(scoring);

        // Missing numbers, and shops and colours never seen in training (all-zero one-hot slots).
        var rows = Rows(2_000, seed: 5, unseen: true);
        var data = ml.Data.LoadFromEnumerable(rows);
        var expected = ml.Data.CreateEnumerable<Scored>(model.Transform(data), reuseRowObject: false).ToList();
        foreach (var column in new[] { nameof(Scored.Probability), nameof(Scored.Score) })
        {
            var values = new List<float>();
            Assert.True(scoring.Read<float>(data, column, Building, getter => () =>
            {
                var value = 0f;
                getter(ref value);
                values.Add(value);
            }));

            var wanted = expected.Select(s => column == nameof(Scored.Score) ? s.Score : s.Probability).ToList();
            Assert.Equal(wanted.Select(BitConverter.SingleToInt32Bits), values.Select(BitConverter.SingleToInt32Bits));
        }

        Assert.False(scoring.Read<float>(data, "NoSuchColumn", Building, _ => () => { }));
    }

    [Theory]
    [InlineData("churn", "lightGbm")]
    [InlineData("churn", "fastTree")]
    [InlineData("spend", "lightGbm")]
    [InlineData("spend", "fastTree")]
    public async Task A_trained_tree_bundle_writes_its_own_features_walks_its_own_trees_and_answers_what_the_row_path_answers(string target, string trainer)
    {
        var outcome = await new AutoTrainer(TimeProvider.System, new ScriptedTuner(trainer)).TrainAsync(
            Some.Request(target, rows: 300, maxTrials: 1), null, CancellationToken.None);
        using var bundle = outcome.Bundle;

        // Missing numbers, a date that is missing, an unseen plan and an unknown column, through every batch path.
        var rows = Some.Rows(700, seed: 13);
        rows[1]["plan"] = "never seen";
        rows[2].Remove("signup");
        rows[4]["income"] = 1e30;
        rows[5]["income"] = -1e30;
        SamePredictions.AsRowPath(bundle, rows);

        var dense = Assert.Single(bundle.DenseMembers);
        Assert.NotNull(dense);
        Assert.True(dense.WritesFeatures, dense.NotWrittenBecause);
        Assert.True(dense.WalksTrees, dense.NotWalkedBecause);
    }

    [Fact]
    public async Task A_forest_is_scored_by_its_model_not_walked_here()
    {
        var outcome = await new AutoTrainer(TimeProvider.System, new ScriptedTuner("fastForest")).TrainAsync(
            Some.Request("churn", rows: 300, maxTrials: 1), null, CancellationToken.None);
        using var bundle = outcome.Bundle;
        SamePredictions.AsRowPath(bundle, Some.Rows(200, seed: 13));

        var dense = Assert.Single(bundle.DenseMembers);
        Assert.NotNull(dense);
        // A forest averages its trees, and its calibrator is a step of its own.
        Assert.False(dense.WalksTrees);
        Assert.NotEmpty(dense.NotWalkedBecause);
    }

    [Fact]
    public void A_feature_half_with_a_step_it_does_not_know_keeps_running_the_feature_half()
    {
        var ml = new MLContext(1);
        var model = Train(ml, "lightGbm");
        var scoring = DenseScoring.TryCreate(model, ml, FeatureRows);
        Assert.NotNull(scoring);
        Assert.False(scoring.WritesFeatures);
        Assert.NotEmpty(scoring.NotWrittenBecause);

        // Scored through the feature half, as before.
        var data = ml.Data.LoadFromEnumerable(Rows(300, seed: 5, unseen: true));
        var expected = ml.Data.CreateEnumerable<Scored>(model.Transform(data), reuseRowObject: false).Select(s => s.Probability);
        var values = new List<float>();
        Assert.True(scoring.Read<float>([], data, nameof(Scored.Probability), Building, getter => () =>
        {
            var value = 0f;
            getter(ref value);
            values.Add(value);
        }));
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), values.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void A_linear_model_is_left_whole()
    {
        var ml = new MLContext(1);
        Assert.Null(DenseScoring.TryCreate(Train(ml, "linear"), ml, FeatureRows));
    }

    private static TransformerChain<ITransformer> Train(MLContext ml, string trainer)
    {
        var features = ml.Transforms.ReplaceMissingValues("Filled", nameof(Input.Numbers))
            .Append(ml.Transforms.Categorical.OneHotEncoding("Encoded", nameof(Input.Categories), Microsoft.ML.Transforms.OneHotEncodingEstimator.OutputKind.Bag))
            .Append(ml.Transforms.Concatenate("Features", "Filled", "Encoded"));
        IEstimator<ITransformer> predictor = trainer switch
        {
            "lightGbm" => ml.BinaryClassification.Trainers.LightGbm(numberOfLeaves: 8, numberOfIterations: 30),
            "fastTree" => ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: 8, numberOfTrees: 30),
            "fastForestPlatt" => ml.BinaryClassification.Trainers.FastForest(numberOfLeaves: 8, numberOfTrees: 30)
                .Append(ml.BinaryClassification.Calibrators.Platt()),
            _ => ml.BinaryClassification.Trainers.LbfgsLogisticRegression(),
        };
        return features.Append(predictor).Fit(ml.Data.LoadFromEnumerable(Rows(1_000, seed: 3, unseen: false)));
    }

    private static List<Input> Rows(int count, int seed, bool unseen)
    {
        var random = new Random(seed);
        // Thirty shops make the concatenated vector mostly zeros, so ML.NET builds it sparse.
        string[] shops = [.. Enumerable.Range(0, 30).Select(i => $"s{i}"), .. unseen ? ["never seen"] : Array.Empty<string>()];
        string[] colours = unseen ? ["red", "blue", "green", "mauve"] : ["red", "blue", "green"];
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var numbers = new[] { (float)random.NextDouble(), (float)(random.NextDouble() * 10), random.Next(5) == 0 ? float.NaN : random.Next(100) };
            var categories = new[] { "shop=" + shops[random.Next(shops.Length)], "colour=" + colours[random.Next(colours.Length)] };
            var label = numbers[0] + (categories[0] == "shop=s1" ? 0.5 : 0) + random.NextDouble() * 0.3 > 0.8;
            return new Input { Numbers = numbers, Categories = categories, Label = label };
        })];
    }

#pragma warning disable CA1819 // ML.NET maps vector columns onto array properties.
    private sealed class Input
    {
        [VectorType(3)]
        public float[] Numbers { get; set; } = [];

        [VectorType(2)]
        public string[] Categories { get; set; } = [];

        public bool Label { get; set; }
    }
#pragma warning restore CA1819

    private sealed class Scored
    {
        public float Score { get; set; }

        public float Probability { get; set; }
    }
}
