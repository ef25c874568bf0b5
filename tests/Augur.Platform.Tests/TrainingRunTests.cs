using Augur.Platform.Training;

namespace Augur.Platform.Tests;

public sealed class TrainingRunTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 9, 0, 0, DateTimeKind.Utc);

    private static TrainingRun NewRun() =>
        TrainingRun.Queue(Guid.NewGuid(), Guid.NewGuid(), "Churn", "churn", TimeSpan.FromSeconds(30), 42, Guid.NewGuid(), Now);

    [Fact]
    public void A_run_goes_from_queued_to_running_to_succeeded()
    {
        var run = NewRun();
        Assert.Equal(RunStatus.Queued, run.Status);
        run.Start(Now.AddSeconds(1));
        Assert.Equal(RunStatus.Running, run.Status);
        Assert.Equal(1, run.Attempts);
        run.Succeed(Now.AddSeconds(11), "binary", "LightGbm", "auc", 0.84, "{}", "{}", "[]", "k", 3);
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal(TimeSpan.FromSeconds(10), run.Duration);
    }

    [Fact]
    public void A_run_picked_up_again_after_a_crash_counts_another_attempt()
    {
        var run = NewRun();
        run.Start(Now);
        run.Start(Now.AddMinutes(1));
        Assert.Equal(2, run.Attempts);
    }

    [Fact]
    public void A_finished_run_refuses_to_start_fail_or_cancel_again()
    {
        var run = NewRun();
        run.Start(Now);
        run.Fail(Now, "The target has one value only.");
        Assert.Throws<InvalidOperationException>(() => run.Start(Now));
        Assert.Throws<InvalidOperationException>(() => run.Fail(Now, "again"));
        Assert.Throws<InvalidOperationException>(() => run.Cancel(Now, "again"));
        Assert.Equal("The target has one value only.", run.Reason);
    }

    [Fact]
    public void A_run_that_never_started_cannot_succeed()
    {
        var run = NewRun();
        Assert.Throws<InvalidOperationException>(() => run.Succeed(Now, "binary", "x", "auc", 1, "{}", "{}", "[]", "k", 1));
    }

    [Theory]
    [InlineData("Churn", "churn")]
    [InlineData("Monthly Revenue", "monthly-revenue")]
    [InlineData("  y  ", "y")]
    [InlineData("Отток", "отток")]
    [InlineData("!!!", "model")]
    public void Model_names_are_derived_from_the_target_column(string target, string expected) =>
        Assert.Equal(expected, TrainingService.ModelNameFor(target));

    [Fact]
    public void What_the_engine_is_asked_is_the_runs_own_settings_with_its_screening_fixed_when_it_was_queued()
    {
        var schema = new Augur.Data.Schema.TableSchema(10,
        [
            new("tenure", Augur.Data.Schema.ColumnType.Integer, false, Augur.Data.Schema.ColumnRole.Feature),
            new("duration", Augur.Data.Schema.ColumnType.Integer, false, Augur.Data.Schema.ColumnRole.Feature),
            new("Churn", Augur.Data.Schema.ColumnType.Boolean, false, Augur.Data.Schema.ColumnRole.Feature),
        ]);
        var run = NewRun();
        run.Steer(null, "prAuc", null, Augur.Learning.Training.TrainingGoal.Parse("auc > 0.8"), folds: 3);
        run.Ignore(["duration"]);

        // Queued before the run kept its screening: the worker's own setting.
        var older = run.ToTrainingRequest("/data/clean.jsonl", schema, Augur.Learning.Training.HalvingMode.On);
        Assert.Equal(Augur.Learning.Training.HalvingMode.On, older.Halving);
        Assert.Equal(("prAuc", 3, 42, TimeSpan.FromSeconds(30)), (older.Metric, older.Folds, older.Seed, older.Budget));
        Assert.Equal(Augur.Data.Schema.ColumnRole.Ignored, older.Schema.Find("duration")!.Role);

        // Kept with the run, it wins over whatever the worker that trains it is set to.
        run.Screen(Augur.Learning.Training.HalvingMode.Off);
        Assert.Equal(Augur.Learning.Training.HalvingMode.Off, run.ToTrainingRequest("/data/clean.jsonl", schema, Augur.Learning.Training.HalvingMode.On).Halving);
        run.Start(Now);
        Assert.Throws<InvalidOperationException>(() => run.Screen(Augur.Learning.Training.HalvingMode.On));
    }
}
