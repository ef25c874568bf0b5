using Augur.Learning.Search;
using Augur.Learning.Trainers;

namespace Augur.Learning.Tests;

public sealed class EnsembleSelectionTests
{
    private static readonly int[] Rows = [0, 1, 2, 3];
    private static readonly double[] Actual = [1, 2, 3, 4];

    private static double Rmse(IReadOnlyList<double[]> predictions) =>
        Metrics.Regression(Actual, [.. predictions.Select(p => p[0])])["rmse"];

    private static ScoredTrial Trial(int number, params double[] predictions)
    {
        var oof = new OutOfFold(Rows, [.. predictions.Select(p => new[] { p })]);
        return new ScoredTrial(new TrialSettings(number, "t", new Dictionary<string, double>()), new TrialRun(new Dictionary<string, double>(), Rmse(oof.Predictions)) { OutOfFold = oof }, Rmse(oof.Predictions));
    }

    [Fact]
    public void Two_models_with_opposite_errors_are_averaged_with_equal_weights()
    {
        var (members, loss) = EnsembleSelection.Select([Trial(1, 1.5, 2.5, 3.5, 4.5), Trial(2, 0.5, 1.5, 2.5, 3.5), Trial(3, 9, 9, 9, 9)], Rmse);

        Assert.Equal([(0, 0.5), (1, 0.5)], members);
        Assert.Equal(0, loss, 12);
    }

    [Fact]
    public void A_candidate_that_does_not_help_is_left_out_and_the_best_alone_may_win()
    {
        var (members, loss) = EnsembleSelection.Select([Trial(1, 1, 2, 3, 4), Trial(2, 2, 3, 4, 5)], Rmse);

        Assert.Equal([(0, 1.0)], members);
        Assert.Equal(0, loss, 12);
    }
}
