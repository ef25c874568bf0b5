using System.IO.Compression;
using Augur.Learning.Bundles;
using Augur.Learning.Search;
using Augur.Learning.Trainers;
using Augur.Learning.Trainers.Forest;
using Augur.Learning.Training;

namespace Augur.Learning.Tests;

/// <summary>The extremely randomized forest: the algorithm on generated rows, then as a searched trainer in a bundle.</summary>
public sealed class ExtraTreesTests
{
    private const int Width = 5;

    [Fact]
    public void The_forest_learns_three_classes_far_better_than_chance_and_the_same_seed_grows_the_same_forest()
    {
        var (train, classes) = Classes(600, seed: 1);
        var (test, expected) = Classes(300, seed: 2);
        var options = new ExtraTreesOptions(Trees: 100, Seed: 7);

        var forest = ExtraTreesGrower.Classify(ColumnMajor(train), train.Length, Width, classes, 3, options);
        var again = ExtraTreesGrower.Classify(ColumnMajor(train), train.Length, Width, classes, 3, options);
        var other = ExtraTreesGrower.Classify(ColumnMajor(train), train.Length, Width, classes, 3, options with { Seed = 8 });

        var probabilities = test.Select(row => Predict(forest, row)).ToList();
        Assert.All(probabilities, p => Assert.Equal(1.0, p.Sum(), 5));
        var accuracy = probabilities.Zip(expected, (p, y) => Array.IndexOf(p, p.Max()) == y ? 1.0 : 0.0).Average();
        Assert.True(accuracy > 0.85, $"accuracy {accuracy} (chance is 0.33)");
        Assert.Equal(probabilities, test.Select(row => Predict(again, row)));
        Assert.NotEqual(probabilities, test.Select(row => Predict(other, row)));
        Assert.Equal(100, forest.Trees);

        // A missing value goes left instead of failing.
        var missing = Predict(forest, [float.NaN, 0.5f, float.NaN, 0, 0]);
        Assert.Equal(1.0, missing.Sum(), 5);
    }

    [Fact]
    public void A_larger_minimum_leaf_grows_smaller_trees_and_the_forest_reads_back_the_same_to_the_bit()
    {
        var (train, classes) = Classes(400, seed: 3);
        var full = ExtraTreesGrower.Classify(ColumnMajor(train), train.Length, Width, classes, 3, new ExtraTreesOptions(Trees: 20, Seed: 1));
        var pruned = ExtraTreesGrower.Classify(ColumnMajor(train), train.Length, Width, classes, 3,
            new ExtraTreesOptions(Trees: 20, MinimumExampleCountPerLeaf: 10, FeatureExponent: 1, Seed: 1));
        Assert.True(pruned.Nodes < full.Nodes / 3, $"{pruned.Nodes} nodes with 10 rows per leaf against {full.Nodes}");

        using var stream = new MemoryStream();
        full.Write(stream);
        stream.Position = 0;
        var read = ExtraTreesModel.Read(stream);
        Assert.Equal(train.Select(row => Predict(full, row)), train.Select(row => Predict(read, row)));
        Assert.Throws<InvalidDataException>(() => ExtraTreesModel.Read(new MemoryStream(stream.ToArray()[..40])));

        // A node budget stops the forest early (after the tree that crossed it) instead of filling the memory.
        var capped = ExtraTreesGrower.Classify(ColumnMajor(train), train.Length, Width, classes, 3,
            new ExtraTreesOptions(Trees: 20, Seed: 1, MaximumNodes: full.Nodes / 4));
        Assert.InRange(capped.Trees, 4, 7);
    }

    [Fact]
    public void A_cancelled_context_stops_the_forest_between_trees()
    {
        var (train, classes) = Classes(200, seed: 6);
        var ml = new Microsoft.ML.MLContext(1);
        using var source = new CancellationTokenSource();
        using var registration = MlCancellation.Register(ml, source.Token);
        Assert.False(MlCancellation.IsCancelled(ml));

        source.Cancel();

        Assert.True(MlCancellation.IsCancelled(ml));
        var asked = 0;
        Assert.Throws<OperationCanceledException>(() => ExtraTreesGrower.Classify(ColumnMajor(train), train.Length, Width, classes, 3,
            new ExtraTreesOptions(Trees: 50), () => ++asked > 2 && MlCancellation.IsCancelled(ml)));
        Assert.Equal(3, asked);
    }

    [Fact]
    public void The_regression_forest_follows_a_smooth_target()
    {
        var (train, _) = Classes(800, seed: 4);
        var (test, _) = Classes(200, seed: 5);
        static float Target(float[] row) => (2 * row[0]) + MathF.Sin(3 * row[1]);

        var forest = ExtraTreesGrower.Regress(ColumnMajor(train), train.Length, Width, [.. train.Select(Target)], new ExtraTreesOptions(Trees: 100, Seed: 1));

        var actual = test.Select(Target).ToArray();
        var predicted = test.Select(row => Predict(forest, row)[0]).ToArray();
        var mean = actual.Average();
        var r2 = 1 - (actual.Zip(predicted, (a, p) => (a - p) * (a - p)).Sum() / actual.Sum(a => (a - mean) * (a - mean)));
        Assert.True(r2 > 0.9, $"R² {r2}");
    }

    [Fact]
    public async Task A_multiclass_search_serves_extra_trees_whose_bundle_round_trips_to_the_bit()
    {
        var request = Some.Request("tier", rows: 300, maxTrials: 1);
        var outcome = await new AutoTrainer(TimeProvider.System, new ScriptedTuner(TrainerCatalog.ExtraTrees)).TrainAsync(request, null, CancellationToken.None);
        using var bundle = outcome.Bundle;

        Assert.Equal(TrainerCatalog.ExtraTrees, outcome.Best.Trainer);
        Assert.True(outcome.Best.Metrics["accuracy"] > 0.8, $"accuracy {outcome.Best.Metrics["accuracy"]}");
        // The fast tree path and reason codes do not apply, and say so rather than fail.
        Assert.All(bundle.DenseMembers, Assert.Null);
        Assert.False(bundle.CanExplain);

        var rows = Some.Rows(60, seed: 11);
        var before = bundle.Predict(rows);
        Assert.All(before, p => Assert.Equal(1.0, p.Probabilities!.Values.Sum(), 6));
        var right = before.Zip(rows, (p, row) => p.Prediction!.ToString() == row["tier"]!.ToString() ? 1.0 : 0.0).Average();
        Assert.True(right > 0.8, $"{right} of the new rows right");

        using var loaded = await RoundTrip(bundle, "forest-0.bin");
        Assert.Equal(ModelBundle.ForestFormatVersion, loaded.Info.FormatVersion);
        Assert.Equal(before.Select(p => p.Probabilities), loaded.Predict(rows).Select(p => p.Probabilities));
        SamePredictions.AsRowPath(loaded, rows);
    }

    [Fact]
    public async Task Two_trials_with_the_same_settings_grow_different_forests_and_a_rerun_grows_the_same_ones()
    {
        // Copies of one forest would crowd the ensemble's candidates and add nothing to an average.
        var request = Some.Request("tier", rows: 300, maxTrials: 2) with { Folds = 3 };

        async Task<IReadOnlyList<double>> LossesAsync()
        {
            var outcome = await new AutoTrainer(TimeProvider.System, new ScriptedTuner(TrainerCatalog.ExtraTrees, TrainerCatalog.ExtraTrees)).TrainAsync(request, null, CancellationToken.None);
            outcome.Bundle.Dispose();
            Assert.Equal(outcome.Leaderboard[0].Parameters, outcome.Leaderboard[1].Parameters);
            return [.. outcome.Leaderboard.OrderBy(t => t.Number).Select(t => t.Metrics["logLoss"])];
        }

        var losses = await LossesAsync();
        Assert.NotEqual(losses[0], losses[1]);
        Assert.Equal(losses, await LossesAsync());
    }

    [Theory]
    [InlineData("churn")]
    [InlineData("spend")]
    public async Task Binary_and_regression_searches_can_serve_extra_trees_too(string target)
    {
        // Their search spaces leave extra trees out (not measured yet), so the trial is given.
        var request = Some.Request(target, rows: 300, maxTrials: 1) with { Folds = 3 };
        var settings = new TrialSettings(1, TrainerCatalog.ExtraTrees, new Dictionary<string, double>
        {
            ["numberOfTrees"] = 100, ["minimumExampleCountPerLeaf"] = 2, ["featureExponent"] = 0.5,
        });
        var outcome = await new AutoTrainer(TimeProvider.System, new FixedTuner([settings])).TrainAsync(request, null, CancellationToken.None);
        using var bundle = outcome.Bundle;

        Assert.Equal(TrainerCatalog.ExtraTrees, outcome.Best.Trainer);
        var quality = target == "churn" ? outcome.Best.Metrics["auc"] : outcome.Best.Metrics["r2"];
        Assert.True(quality > 0.7, $"{target}: {quality}");
        var rows = Some.Rows(40, seed: 12);
        // Reason codes are declined with a note, and asking for them still scores.
        Assert.False(bundle.CanExplain);
        Assert.Contains("not available", bundle.ExplanationNote, StringComparison.Ordinal);
        Assert.All(bundle.Predict(rows, reasons: 3), p => Assert.Null(p.Reasons));
        using var loaded = await RoundTrip(bundle, "forest-0.bin");
        Assert.Equal(bundle.Predict(rows), loaded.Predict(rows), new PredictionComparer());
        SamePredictions.AsRowPath(loaded, rows);
    }

    [Fact]
    public void Multiclass_searches_try_extra_trees_after_the_boosted_trees()
    {
        var space = TrainerCatalog.SearchSpace(TaskKind.Multiclass);

        Assert.Equal(TrainerCatalog.LightGbm, space[0].Trainer);
        var forest = space.Single(s => s.Trainer == TrainerCatalog.ExtraTrees).Defaults();
        Assert.Equal(300, forest["numberOfTrees"]);
        Assert.Equal(1, forest["minimumExampleCountPerLeaf"]);
        Assert.Equal(0.5, forest["featureExponent"]);
        Assert.Equal(2, new ExtraTreesOptions().FeaturesPerSplit(5));
        Assert.Equal(3, new ExtraTreesOptions().FeaturesPerSplit(11));
        Assert.Equal(1, new ExtraTreesOptions(FeatureExponent: 0.25).FeaturesPerSplit(1));
        Assert.DoesNotContain(TrainerCatalog.SearchSpace(TaskKind.Multiclass, TrainerCatalog.ExtraTreesMaxRows + 1), s => s.Trainer == TrainerCatalog.ExtraTrees);
    }

    private static async Task<ModelBundle> RoundTrip(ModelBundle bundle, string forestEntry)
    {
        using var file = new MemoryStream();
        await bundle.SaveAsync(file, CancellationToken.None);
        file.Position = 0;
        using (var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true))
        {
            Assert.NotNull(zip.GetEntry(forestEntry));
        }

        file.Position = 0;
        return await ModelBundle.LoadAsync(file, CancellationToken.None);
    }

    /// <summary>Three classes by which side of two lines (x0, x1) a row falls, 10 % of labels flipped, three noise features.</summary>
    private static (float[][] Rows, int[] Classes) Classes(int count, int seed)
    {
        var random = new Random(seed);
        var rows = new float[count][];
        var classes = new int[count];
        for (var i = 0; i < count; i++)
        {
            rows[i] = [.. Enumerable.Range(0, Width).Select(_ => (float)random.NextDouble())];
            classes[i] = rows[i][0] < 0.4 ? 0 : rows[i][1] < 0.5 ? 1 : 2;
            if (random.NextDouble() < 0.1)
            {
                classes[i] = random.Next(3);
            }
        }

        return (rows, classes);
    }

    private static float[] ColumnMajor(float[][] rows) =>
        [.. Enumerable.Range(0, Width).SelectMany(f => rows.Select(row => row[f]))];

    private static double[] Predict(ExtraTreesModel forest, float[] row)
    {
        var output = new double[forest.Outputs];
        forest.Predict(row, output);
        return output;
    }

    private sealed class PredictionComparer : IEqualityComparer<RowPrediction>
    {
        public bool Equals(RowPrediction? x, RowPrediction? y) =>
            x?.Prediction?.ToJsonString() == y?.Prediction?.ToJsonString()
            && (x?.Probabilities ?? new Dictionary<string, double>()).SequenceEqual(y?.Probabilities ?? new Dictionary<string, double>());

        public int GetHashCode(RowPrediction obj) => 0;
    }
}
