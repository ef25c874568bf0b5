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
    [InlineData("lift > 3", "'lift' is not a measure Augur reports. The measures are: AUC, log loss, PR-AUC, F1, accuracy, precision, recall, macro F1, RMSE, MAE, R², MAPE, cost.")]
    [InlineData("rmse > 40000", "asks for a worse model: a lower RMSE is better, so write e.g. 'RMSE below 40000'.")]
    [InlineData("auc < 0.9", "asks for a worse model: a higher AUC is better, so write e.g. 'AUC above 0.9'.")]
    public void Anything_else_is_refused_with_what_to_write(string text, string message) =>
        Assert.Contains(message, Assert.Throws<FormatException>(() => TrainingGoal.Parse(text)).Message, StringComparison.Ordinal);

    [Fact]
    public void The_goal_is_checked_against_the_models_measures_on_its_side_of_the_value()
    {
        var goal = TrainingGoal.Parse("auc > 0.85");

        Assert.Equal(("Goal met: AUC 0.8612 on the rows held back for checking (asked for AUC above 0.85).", true), goal.Check(new Dictionary<string, double> { ["auc"] = 0.86123 }));
        var (missed, met) = goal.Check(new Dictionary<string, double> { ["auc"] = 0.85 });
        Assert.False(met);
        Assert.StartsWith("Goal not met: AUC 0.85 ", missed, StringComparison.Ordinal);
        Assert.Equal(("Goal not checked: this model reports no AUC.", (bool?)null), goal.Check(new Dictionary<string, double> { ["rmse"] = 3 }));
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

    [Theory]
    [InlineData("auc > 0.85", "AUC above 0.85")]
    [InlineData("rmse < 40000", "RMSE below 40000")]
    [InlineData("logLoss <= 0.5", "log loss at most 0.5")]
    [InlineData("r2 >= 0.7", "R² at least 0.7")]
    [InlineData("prAuc > 0.6", "PR-AUC above 0.6")]
    [InlineData("macroF1 > 0.5", "macro F1 above 0.5")]
    [InlineData("mape < 0.2", "MAPE below 0.2")]
    [InlineData("cost < 1.5", "cost below 1.5")]
    [InlineData("rmse < 2000000", "RMSE below 2000000")]
    public void A_goal_in_words_reads_back_as_the_same_goal(string goal, string words)
    {
        var parsed = TrainingGoal.Parse(goal);

        Assert.Equal(words, parsed.Describe());
        Assert.Equal(parsed, TrainingGoal.Parse(parsed.Describe()));
    }

    /// <summary>The sentence pattern lists the measures itself (a source-generated regex): none may be missing from it.</summary>
    [Fact]
    public void Every_measure_is_found_in_a_sentence_by_its_code_and_its_plain_name()
    {
        var metrics = Enum.GetValues<TaskKind>().SelectMany(Augur.Learning.Trainers.Evaluator.MetricsOf).Append("cost").Distinct();
        foreach (var metric in metrics)
        {
            var better = Augur.Learning.Trainers.Evaluator.IsMaximised(metric) ? "above" : "below";
            foreach (var name in new[] { metric, TrainingGoal.MeasureName(metric) })
            {
                var found = TrainingGoal.Find($"predict churn, {name} {better} 0.5, within 2 minutes");
                Assert.True(found is not null, $"'{name}' is not found in a sentence");
                Assert.Equal(metric, found.Value.Goal.Metric);
                Assert.Equal($"{name} {better} 0.5", $"predict churn, {name} {better} 0.5, within 2 minutes".Substring(found.Value.Index, found.Value.Length));
            }
        }

        Assert.Null(TrainingGoal.Find("predict churn within 2 minutes"));
        // A column called cost is not a goal on the cost of mistakes; a later goal in the sentence still is.
        Assert.Null(TrainingGoal.Find("predict cost over 12 months"));
        Assert.Equal("rmse < 50", TrainingGoal.Find("predict cost over 12 months, RMSE below 50")!.Value.Goal.ToString());
    }

    [Fact]
    public void A_goal_on_a_measure_the_targets_models_do_not_report_is_refused_in_plain_names()
    {
        Assert.Equal(
            "RMSE is not measured for a yes/no column. Use one of: AUC, log loss, PR-AUC, F1, accuracy, precision, recall.",
            TrainingGoal.Parse("rmse < 3").ProblemFor([TaskKind.Binary], "Churn"));
        Assert.Equal(
            "macro F1 is not measured for the column 'spend'. Use one of: AUC, log loss, PR-AUC, F1, accuracy, precision, recall, RMSE, MAE, R², MAPE.",
            TrainingGoal.Parse("macroF1 > 0.5").ProblemFor([TaskKind.Binary, TaskKind.Regression], "spend"));
        Assert.Null(TrainingGoal.Parse("rmse < 3").ProblemFor([TaskKind.Binary, TaskKind.Regression], "spend"));
        // The cost of mistakes is checked against the costs instead (ProblemWith).
        Assert.Null(TrainingGoal.Parse("cost < 3").ProblemFor([TaskKind.Regression], "spend"));
    }
}
