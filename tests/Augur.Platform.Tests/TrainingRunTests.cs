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
}
