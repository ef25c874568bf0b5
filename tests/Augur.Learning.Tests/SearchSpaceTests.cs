using Augur.Learning.Trainers;
using Augur.Learning.Training;

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
}
