using Augur.Learning.Search;
using Augur.Learning.Training;
using Microsoft.Extensions.Time.Testing;

namespace Augur.Learning.Tests;

public sealed class AutoTrainerSearchTests
{
    [Fact]
    public async Task The_same_seed_and_trial_cap_give_the_same_leaderboard_twice()
    {
        var request = Some.Request("churn", rows: 300, maxTrials: 6, seed: 5);

        var first = await new AutoTrainer(TimeProvider.System).TrainAsync(request, null, CancellationToken.None);
        var second = await new AutoTrainer(TimeProvider.System).TrainAsync(request, null, CancellationToken.None);
        first.Bundle.Dispose();
        second.Bundle.Dispose();

        Assert.Equal(6, first.Leaderboard.Count);
        Assert.All(first.Leaderboard, t => Assert.Equal(TrialStatus.Succeeded, t.Status));
        Assert.Equal(Describe(first), Describe(second));
        Assert.Equal(["lightGbm", "fastTree", "fastForest", "lbfgsLogisticRegression"],
            first.Leaderboard.OrderBy(t => t.Number).Take(4).Select(t => t.Trainer));
    }

    [Fact]
    public async Task A_trial_whose_trainer_throws_is_recorded_as_failed_and_the_run_still_succeeds()
    {
        var tuner = new ScriptedTuner("noSuchTrainer", "lightGbm");
        var request = Some.Request("churn", rows: 300, maxTrials: 2);

        var outcome = await new AutoTrainer(TimeProvider.System, tuner).TrainAsync(request, null, CancellationToken.None);
        using var bundle = outcome.Bundle;

        var failed = Assert.Single(outcome.Leaderboard, t => t.Status == TrialStatus.Failed);
        Assert.Equal(1, failed.Number);
        Assert.Contains("noSuchTrainer", failed.FailureReason, StringComparison.Ordinal);
        Assert.Equal("lightGbm", outcome.Best.Trainer);
        Assert.NotEmpty(bundle.Predict([Some.Customer()]));
    }

    [Fact]
    public async Task A_budget_too_short_for_a_first_model_says_so_in_words()
    {
        var clock = new FakeTimeProvider();
        // Less than a trial's minimum is left for the search once the refit's share is set aside: no trial can start.
        var request = Some.Request("churn", rows: 300, maxTrials: 2) with { Budget = TimeSpan.FromSeconds(1) };
        var runners = new SlowRunners(clock, TimeSpan.FromMinutes(1));

        var error = await Assert.ThrowsAsync<TrainingException>(() => new AutoTrainer(clock, runners: runners).TrainAsync(request, null, CancellationToken.None));

        Assert.Equal("Reading and preparing the data used up the budget of 1 second before a first model could start. Give the run more time.", error.Message);
    }

    [Fact]
    public async Task Cancelling_a_run_stops_it_with_operation_cancelled()
    {
        using var cancel = new CancellationTokenSource();
        var progress = new CancelOnFirstTrial(cancel);
        var request = Some.Request("churn", rows: 300, maxTrials: 50) with { Budget = TimeSpan.FromMinutes(10) };
        var started = TimeProvider.System.GetTimestamp();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new AutoTrainer(TimeProvider.System).TrainAsync(request, progress, cancel.Token));

        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(20));
        Assert.Equal(1, progress.Reports);
    }

    private static List<string> Describe(TrainingOutcome outcome) =>
    [
        .. outcome.Leaderboard.Select(t =>
            $"{t.Number} {t.Trainer} {string.Join(",", t.Parameters.Select(p => $"{p.Key}={p.Value}"))} {string.Join(",", t.Metrics.Select(m => $"{m.Key}={m.Value:R}"))}"),
    ];

    private sealed class CancelOnFirstTrial(CancellationTokenSource cancel) : IProgress<TrainingProgress>
    {
        public int Reports { get; private set; }

        public void Report(TrainingProgress value)
        {
            Reports++;
            cancel.Cancel();
        }
    }
}
