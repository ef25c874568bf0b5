using Augur.Learning.Search;
using Augur.Learning.Trainers;
using Augur.Learning.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Augur.Learning.Tests;

public sealed class SearchSpaceTests
{
    [Fact]
    public void Regression_on_large_data_starts_its_boosted_trees_larger()
    {
        var small = TrainerCatalog.SearchSpace(TaskKind.Regression, rows: 2_000);
        var large = TrainerCatalog.SearchSpace(TaskKind.Regression, rows: TrainerCatalog.LargeRegressionRows);

        Assert.Equal(31, small[0].Defaults()["numberOfLeaves"]);
        Assert.Equal(100, small[0].Defaults()["numberOfIterations"]);
        Assert.Equal(TrainerCatalog.LightGbm, large[0].Trainer);
        Assert.Equal(63, large[0].Defaults()["numberOfLeaves"]);
        Assert.Equal(200, large[0].Defaults()["numberOfIterations"]);
        Assert.Equal(200, large[1].Defaults()["numberOfTrees"]);
        // Only the starting point moves: the searched ranges stay the same.
        Assert.Equal(small.Select(s => s.Parameters.Select(p => (p.Name, p.Min, p.Max))), large.Select(s => s.Parameters.Select(p => (p.Name, p.Min, p.Max))));
        // Classification keeps its defaults whatever the size.
        Assert.Equal(31, TrainerCatalog.SearchSpace(TaskKind.Binary, rows: 50_000)[0].Defaults()["numberOfLeaves"]);
    }

    [Theory]
    [InlineData(TaskKind.Binary)]
    [InlineData(TaskKind.Regression)]
    public void LightGbm_also_starts_from_slow_trees_on_half_the_columns(TaskKind task)
    {
        var space = TrainerCatalog.SearchSpace(task, rows: 50_000)[0];

        var starts = space.StartSettings().ToList();

        Assert.Equal(TrainerCatalog.LightGbm, space.Trainer);
        Assert.Equal(2, starts.Count);
        Assert.Equal(1, starts[0]["featureFraction"]);
        Assert.Equal((0.02, 1000.0, 0.5), (starts[1]["learningRate"], starts[1]["numberOfIterations"], starts[1]["featureFraction"]));
        Assert.Equal(starts[0]["numberOfLeaves"], starts[1]["numberOfLeaves"]);
    }

    [Fact]
    public void Multiclass_LightGbm_has_no_slow_start_because_it_grows_a_tree_per_class()
    {
        var space = TrainerCatalog.SearchSpace(TaskKind.Multiclass, rows: 4_000)[0];

        Assert.Equal(TrainerCatalog.LightGbm, space.Trainer);
        Assert.Single(space.StartSettings());
        Assert.Contains(space.Parameters, p => p.Name == "featureFraction");
    }

    [Fact]
    public void The_column_share_reaches_LightGbm_and_trials_stored_before_it_still_train()
    {
        var ml = new MLContext(seed: 1);
        var random = new Random(3);
        var rows = Enumerable.Range(0, 400).Select(_ =>
        {
            var x = Enumerable.Range(0, 6).Select(_ => (float)random.NextDouble()).ToArray();
            return new Row { Features = x, Label = x[0] + x[1] - x[2] + (0.3 * random.NextDouble()) > 0.8 };
        }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var settings = new Dictionary<string, double>
        {
            ["numberOfLeaves"] = 8, ["learningRate"] = 0.1, ["numberOfIterations"] = 30, ["minimumExampleCountPerLeaf"] = 5, ["l2Regularization"] = 0.01,
        };

        float[] Scores(IReadOnlyDictionary<string, double> parameters) =>
            [.. TrainerCatalog.Create(ml, TaskKind.Binary, new TrialSettings(1, TrainerCatalog.LightGbm, parameters), seed: 1)
                .Fit(data).Transform(data).GetColumn<float>("Score")];

        var stored = Scores(settings);
        var allColumns = Scores(new Dictionary<string, double>(settings) { ["featureFraction"] = 1 });
        var halfTheColumns = Scores(new Dictionary<string, double>(settings) { ["featureFraction"] = 0.5 });

        Assert.Equal(allColumns, stored);
        Assert.NotEqual(allColumns, halfTheColumns);
    }

    private sealed class Row
    {
        [VectorType(6)]
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }
}
