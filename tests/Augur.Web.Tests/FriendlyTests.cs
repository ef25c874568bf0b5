using Augur.Data.Ingestion;
using Augur.Data.Schema;
using Augur.Learning.Trainers;
using Augur.Learning.Training;
using Augur.Web.Components.Projects;

namespace Augur.Web.Tests;

/// <summary>Words the dashboard shows an analyst, checked where they depend on the numbers.</summary>
public sealed class FriendlyTests
{
    [Fact]
    public void A_yes_below_fifty_percent_is_explained_and_a_yes_above_it_is_not()
    {
        var why = Friendly.AgainstTheOdds("Yes", new Dictionary<string, double> { ["Yes"] = 0.43, ["No"] = 0.57 });
        Assert.Equal(
            "“Yes” although “No” is more likely: this model answers “Yes” from a chance below 50%. "
            + "Its cut-off was set on past data so that it misses fewer of the “Yes” cases, at the price of some false alarms.",
            why);

        Assert.Null(Friendly.AgainstTheOdds("Yes", new Dictionary<string, double> { ["Yes"] = 0.67, ["No"] = 0.33 }));
        Assert.Null(Friendly.AgainstTheOdds("No", new Dictionary<string, double> { ["Yes"] = 0.5, ["No"] = 0.5 }));
        // Several classes, or an answer without a chance of its own, say nothing.
        Assert.Null(Friendly.AgainstTheOdds("b", new Dictionary<string, double> { ["a"] = 0.5, ["b"] = 0.3, ["c"] = 0.2 }));
        Assert.Null(Friendly.AgainstTheOdds("Maybe", new Dictionary<string, double> { ["Yes"] = 0.4, ["No"] = 0.6 }));
    }

    [Fact]
    public void Every_metric_a_run_can_be_ranked_by_has_a_name_and_an_explanation_in_words()
    {
        // A run can now be asked for any of them (the API's "metric", or "cost" with costs of mistakes).
        var metrics = new[] { TaskKind.Binary, TaskKind.Multiclass, TaskKind.Regression }.SelectMany(Evaluator.MetricsOf).Append("cost").Distinct();
        Assert.All(metrics, metric =>
        {
            Assert.NotEqual(metric, Friendly.MetricName(metric));
            Assert.StartsWith(Friendly.MetricName(metric), Friendly.MetricShort(metric, 0.5), StringComparison.Ordinal);
            Assert.NotEmpty(Friendly.MetricExplanation(metric, 0.5, "Churn", "{\"auc\": 0.81}"));
        });
        Assert.Equal("PR-AUC 0.62", Friendly.MetricShort("prAuc", 0.6213));
        Assert.Equal("Recall 75%", Friendly.MetricShort("recall", 0.75));
        Assert.Equal("When it says yes, it is right 80% of the time. Its AUC is 0.81 (very good).", Friendly.MetricExplanation("precision", 0.8, "Churn", "{\"auc\": 0.81}"));
    }

    [Fact]
    public void Repeated_rows_are_explained_as_copies_removed_or_repeats_kept()
    {
        var plain = Table(("acidity", ColumnRole.Feature));
        var identified = Table(("customer_id", ColumnRole.Identifier), ("plan", ColumnRole.Feature));
        var joined = Table(("amount", ColumnRole.Feature), (Ingestor.SourceFileColumn, ColumnRole.Feature));
        Assert.Equal(
            "757 rows repeat another row exactly and are kept: with no ID column, rows that look alike are separate cases "
            + "(two customers who gave the same answers), and models learn how often they happen.",
            Friendly.RepeatedRows(0, 757, plain));
        Assert.Equal(
            "1 row was an exact copy of another row with the same ID and was removed: one record exported twice counts once.",
            Friendly.RepeatedRows(1, 0, identified));
        Assert.Equal(
            "12 rows were exact copies of another row and were removed: in files joined into one table, such a row is the "
            + "same record in two overlapping exports.",
            Friendly.RepeatedRows(12, 0, joined));
        Assert.Equal(
            "1,200 rows that repeated another row exactly were removed when this file was uploaded. With no ID column they "
            + "are separate cases, which Augur now keeps: upload the file again to train on them.",
            Friendly.RepeatedRows(1_200, 0, plain));
        Assert.Null(Friendly.RepeatedRows(0, 0, identified));
    }

    private static TableSchema Table(params (string Name, ColumnRole Role)[] columns) =>
        new(100, [.. columns.Select(c => new ColumnSchema(c.Name, c.Role == ColumnRole.Identifier ? ColumnType.Identifier : ColumnType.Number, false, c.Role))]);
}
