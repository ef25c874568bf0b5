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
    public async Task With_cheap_refits_the_search_uses_the_time_a_flat_share_of_the_budget_kept_back()
    {
        var clock = new FakeTimeProvider();
        var request = Some.Request("churn", rows: 300, maxTrials: 100) with { Budget = TimeSpan.FromSeconds(101) };
        var runners = new SlowRunners(clock, TimeSpan.FromSeconds(2));

        var outcome = await new AutoTrainer(clock, runners: runners).TrainAsync(request, null, CancellationToken.None);
        outcome.Bundle.Dispose();

        // 5-fold trials of 2 s, measured in another process: 7 % kept for the importance and the margin, and 3 x 1 s to fit
        // the best three's last folds again (0.4 s) and refit them (0.6 s). The search ends at 90 s, where 15 % ended it
        // at 86 s after 42 trials; the refits themselves take no time on this clock.
        Assert.Equal(45, outcome.Leaderboard.Count(t => t.Status == TrialStatus.Succeeded));
        Assert.Equal(TimeSpan.FromSeconds(90), outcome.Duration);
        Assert.True(outcome.RefittedOnAllData);
    }

    [Fact]
    public async Task With_expensive_refits_the_search_keeps_back_at_most_a_fifth_and_refits_only_what_fits_the_budget()
    {
        var clock = new FakeTimeProvider();
        var request = Some.Request("churn", rows: 300, maxTrials: 100) with { Budget = TimeSpan.FromSeconds(100) };
        var runners = new SlowRunners(clock, TimeSpan.FromSeconds(60));

        var outcome = await new AutoTrainer(clock, runners: runners).TrainAsync(request, null, CancellationToken.None);
        outcome.Bundle.Dispose();

        // The first trial (60 s) would take 30 s to fit again and refit: more than the cap of 20 s, so the search stops at
        // 80 s, cutting trial 2. The refit (estimated at 18 s) does not fit in the 15 s before the importance's share, so
        // the last fold's model is served and the run stays within its budget.
        Assert.Equal([TrialStatus.Succeeded, TrialStatus.Cancelled], outcome.Leaderboard.Select(t => t.Status));
        Assert.Equal(TimeSpan.FromSeconds(80), outcome.Duration);
        Assert.False(outcome.RefittedOnAllData);
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
