using Augur.Learning.Training;

namespace Augur.Learning.Tests;

public sealed class TrainingGoalTests
{
    [Theory]
    [InlineData("auc > 0.85", "auc", ">", 0.85)]
    [InlineData("AUC>0.85", "auc", ">", 0.85)]
    [InlineData("PR-AUC >= 60%", "prAuc", ">=", 0.6)]
    [InlineData("log loss < 0.7", "logLoss", "<", 0.7)]
    [InlineData("R² >= 0.8", "r2", ">=", 0.8)]
    [InlineData("macro_F1 > 0.5", "macroF1", ">", 0.5)]
    [InlineData(" rmse <= 40000 ", "rmse", "<=", 40000)]
    [InlineData("AUC above 0.85", "auc", ">", 0.85)]
    [InlineData("accuracy at least 90%", "accuracy", ">=", 0.9)]
    [InlineData("RMSE under 40000", "rmse", "<", 40000)]
    public void A_goal_is_read_as_people_write_it(string text, string metric, string comparison, double value) =>
        Assert.Equal(new TrainingGoal(metric, comparison, value), TrainingGoal.Parse(text));

    [Theory]
    [InlineData("better than last year", "is not a goal: write a measure, a comparison and a number")]
    [InlineData("lift > 3", "'lift' is not a measure Augur reports. The measures are: auc, logLoss,")]
    [InlineData("rmse > 40000", "asks for a worse model: a lower rmse is better, so write e.g. 'rmse < 40000'.")]
    [InlineData("auc < 0.9", "asks for a worse model: a higher auc is better, so write e.g. 'auc > 0.9'.")]
    public void Anything_else_is_refused_with_what_to_write(string text, string message) =>
        Assert.Contains(message, Assert.Throws<FormatException>(() => TrainingGoal.Parse(text)).Message, StringComparison.Ordinal);

    [Fact]
    public void The_goal_is_checked_against_the_models_measures_on_its_side_of_the_value()
    {
        var goal = TrainingGoal.Parse("auc > 0.85");

        Assert.Equal(("Goal met: auc 0.8612 on the rows held back for checking (asked for auc > 0.85).", true), goal.Check(new Dictionary<string, double> { ["auc"] = 0.86123 }));
        var (missed, met) = goal.Check(new Dictionary<string, double> { ["auc"] = 0.85 });
        Assert.False(met);
        Assert.StartsWith("Goal not met: auc 0.85 ", missed, StringComparison.Ordinal);
        Assert.Equal(("Goal not checked: this model reports no auc.", (bool?)null), goal.Check(new Dictionary<string, double> { ["rmse"] = 3 }));
        Assert.True(TrainingGoal.Parse("rmse <= 40000").IsMetBy(40000));
    }

    [Fact]
    public void A_goal_on_the_cost_of_mistakes_needs_the_costs_and_ranks_by_them_without_naming_a_metric()
    {
        var cost = TrainingGoal.Parse("cost below 0.5");

        Assert.Null(cost.RankingMetric);
        Assert.Contains("is about the cost of mistakes, so it needs the costs", cost.ProblemWith(null), StringComparison.Ordinal);
        Assert.Null(cost.ProblemWith(new BinaryCosts(1, 5)));
        Assert.Equal("auc", TrainingGoal.Parse("auc > 0.8").RankingMetric);
        Assert.Null(TrainingGoal.Parse("auc > 0.8").ProblemWith(null));
    }
}
