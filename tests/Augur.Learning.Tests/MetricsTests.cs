using Augur.Learning.Trainers;
using Augur.Learning.Training;

namespace Augur.Learning.Tests;

public sealed class MetricsTests
{
    private static readonly bool[] Positive = [true, true, false, true, false, false];
    private static readonly double[] Probability = [0.9, 0.8, 0.7, 0.6, 0.2, 0.1];

    [Fact]
    public void Binary_metrics_match_hand_computed_values()
    {
        var metrics = Metrics.Binary(Positive, Probability, costs: null);

        // 8 of the 9 positive-negative pairs are ordered correctly.
        Assert.Equal(8.0 / 9, metrics["auc"], 12);
        var logLoss = -(Math.Log(0.9) + Math.Log(0.8) + Math.Log(0.3) + Math.Log(0.6) + Math.Log(0.8) + Math.Log(0.9)) / 6;
        Assert.Equal(logLoss, metrics["logLoss"], 12);
        // Average precision: positives at ranks 1, 2 and 4: (1 + 1 + 3/4) / 3.
        Assert.Equal(2.75 / 3, metrics["prAuc"], 12);
    }

    [Fact]
    public void The_threshold_maximises_f1_and_the_metrics_at_it_follow()
    {
        var metrics = Metrics.Binary(Positive, Probability, costs: null);

        // Calling the top four positive gives tp 3, fp 1, fn 0: F1 6/7, the best cut; it lies between 0.6 and 0.2.
        Assert.Equal(0.4, metrics["threshold"], 12);
        Assert.Equal(6.0 / 7, metrics["f1"], 12);
        Assert.Equal(0.75, metrics["precision"], 12);
        Assert.Equal(1.0, metrics["recall"], 12);
        Assert.Equal(5.0 / 6, metrics["accuracy"], 12);
    }

    [Fact]
    public void A_cost_matrix_moves_the_threshold_to_the_cheapest_cut()
    {
        // False positives are ten times as expensive as false negatives: only the two sure ones are called positive.
        var metrics = Metrics.Binary(Positive, Probability, new BinaryCosts(FalsePositive: 10, FalseNegative: 1));

        Assert.Equal(0.75, metrics["threshold"], 12);
        Assert.Equal(1.0 / 6, metrics["cost"], 12);
    }

    [Fact]
    public void Regression_metrics_include_mape_over_non_zero_actuals()
    {
        var metrics = Metrics.Regression([10, 20, 0, 40], [12, 18, 1, 40]);

        Assert.Equal(Math.Sqrt((4 + 4 + 1 + 0) / 4.0), metrics["rmse"], 12);
        Assert.Equal(5 / 4.0, metrics["mae"], 12);
        Assert.Equal((0.2 + 0.1 + 0) / 3, metrics["mape"], 12);
        Assert.Equal(1 - (9 / 875.0), metrics["r2"], 12);
    }

    [Fact]
    public void Multiclass_metrics_are_log_loss_accuracy_and_macro_f1()
    {
        var metrics = Metrics.Multiclass([0, 1, 2, 2], [[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.2, 0.5, 0.3], [0.1, 0.1, 0.8]], classes: 3);

        Assert.Equal(-(Math.Log(0.7) + Math.Log(0.8) + Math.Log(0.3) + Math.Log(0.8)) / 4, metrics["logLoss"], 12);
        Assert.Equal(0.75, metrics["accuracy"], 12);
        // F1 per class: 1, 2/3, 2/3.
        Assert.Equal((1 + (2.0 / 3) + (2.0 / 3)) / 3, metrics["macroF1"], 12);
    }

    [Fact]
    public void The_lift_table_ranks_deciles_and_accumulates_the_gain()
    {
        var positive = Enumerable.Range(0, 100).Select(i => i < 20).ToArray();
        var probability = Enumerable.Range(0, 100).Select(i => 1 - (i / 100.0)).ToArray();

        var table = Metrics.LiftTable(positive, probability);

        Assert.Equal(10, table.Count);
        Assert.Equal((1, 10, 10, 5.0, 0.5), (table[0].Decile, table[0].Rows, table[0].Positives, table[0].Lift, table[0].CumulativeGain));
        Assert.Equal((1.0, 5.0), (table[1].CumulativeGain, table[1].CumulativeLift));
        Assert.Equal((0, 1.0, 1.0), (table[9].Positives, table[9].CumulativeGain, table[9].CumulativeLift));
        Assert.Equal((0.1, 1.0), (table[0].CumulativeShare, table[9].CumulativeShare));
    }

    [Fact]
    public void Tied_probabilities_do_not_rank_rows_by_their_place_in_the_file()
    {
        // A file sorted by the outcome, and a model that cannot tell the rows apart: every tenth should hold about the
        // average share of positives, not all of them at the top.
        var positive = Enumerable.Range(0, 1000).Select(i => i < 500).ToArray();
        var probability = Enumerable.Repeat(0.5, 1000).ToArray();

        var table = Metrics.LiftTable(positive, probability);

        Assert.All(table, row => Assert.InRange(row.Lift, 0.7, 1.3));
        Assert.InRange(table[4].CumulativeGain, 0.4, 0.6);
    }

    [Fact]
    public void Maximised_metrics_become_negative_losses()
    {
        Assert.Equal(-0.9, Evaluator.Loss("auc", new Dictionary<string, double> { ["auc"] = 0.9 }));
        Assert.Equal(0.3, Evaluator.Loss("mape", new Dictionary<string, double> { ["mape"] = 0.3 }));
        Assert.True(double.IsPositiveInfinity(Evaluator.Loss("f1", new Dictionary<string, double>())));
    }
}
