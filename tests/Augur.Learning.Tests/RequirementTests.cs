using Augur.Data.Schema;
using Augur.Learning.Training;

namespace Augur.Learning.Tests;

/// <summary>A requirement in plain English, read by rules against the data's columns (<see cref="Requirement"/>).</summary>
public sealed class RequirementTests
{
    private static readonly TableSchema Customers = new(7_043,
    [
        new("customerID", ColumnType.Identifier, false, ColumnRole.Identifier),
        new("tenure", ColumnType.Integer, false, ColumnRole.Feature),
        new("Contract", ColumnType.Categorical, false, ColumnRole.Feature),
        new("MonthlyCharges", ColumnType.Number, false, ColumnRole.Feature),
        new("total_charges", ColumnType.Number, true, ColumnRole.Feature),
        new("Churn", ColumnType.Boolean, false, ColumnRole.Feature),
    ]);

    [Fact]
    public void The_missions_example_gives_the_column_the_goal_and_says_what_it_cannot_use()
    {
        var read = Requirement.Read("Predict which customers churn in the next 30 days, AUC > 0.85", Customers);

        Assert.Equal("Churn", read.Target);
        Assert.Equal(new TrainingGoal("auc", ">", 0.85), read.Goal);
        Assert.Null(read.Budget);
        Assert.Equal("'in the next 30 days' is not used: Augur predicts the column as the data has it, so the column itself must say whether it happened within that time.", Assert.Single(read.Notes));
        Assert.Equal("Understood: predict Churn; good enough when AUC above 0.85.", read.Summary());
    }

    [Theory]
    [InlineData("what will each customer's monthly charge be? rmse under 5, within 2 minutes", "MonthlyCharges", "rmse < 5", 120.0)]
    [InlineData("Predict the TOTAL charges in 90s", "total_charges", null, 90.0)]
    [InlineData("which contract will they choose; accuracy at least 80%; budget of 1 hour", "Contract", "accuracy >= 0.8", 3600.0)]
    [InlineData("churned or not, PR-AUC above 0.6", "Churn", "prAuc > 0.6", null)]
    public void Columns_are_found_by_their_words_in_any_case_and_spelling(string text, string target, string? goal, double? seconds)
    {
        var read = Requirement.Read(text, Customers);

        Assert.Equal(target, read.Target);
        Assert.Equal(goal, read.Goal?.ToString());
        Assert.Equal(seconds, read.Budget?.TotalSeconds);
    }

    [Theory]
    [InlineData("who will leave us?", "names none of the columns, so Augur cannot tell which one to predict. Name it as it is written, e.g. 'predict Churn'")]
    [InlineData("predict the charges", "names no column whole. Did you mean MonthlyCharges or total_charges?")]
    [InlineData("predict churn, rmse > 3", "asks for a worse model")]
    public void A_requirement_that_fits_no_single_column_is_refused_with_what_to_write(string text, string message) =>
        Assert.Contains(message, Assert.Throws<FormatException>(() => Requirement.Read(text, Customers)).Message, StringComparison.Ordinal);

    [Fact]
    public void A_column_named_elsewhere_is_kept_and_only_the_goal_and_time_are_read()
    {
        var read = Requirement.Read("anything at all, log loss below 0.5, in 30 s", Customers, target: "Contract");

        Assert.Equal(("Contract", "logLoss < 0.5", 30.0), (read.Target, read.Goal?.ToString(), read.Budget?.TotalSeconds));
    }

    [Theory]
    [InlineData("will they churn within 90 days?", "'within 90 days' is not used")]
    [InlineData("churn over the last 6 months", "'over the last 6 months' is not used")]
    [InlineData("churn in 2 weeks, within 1 minute", "'in 2 weeks' is not used")]
    public void A_time_window_is_told_apart_from_the_time_to_spend_and_said_back(string text, string note)
    {
        var read = Requirement.Read(text, Customers);

        Assert.Equal("Churn", read.Target);
        Assert.StartsWith(note, Assert.Single(read.Notes), StringComparison.Ordinal);
    }
}
