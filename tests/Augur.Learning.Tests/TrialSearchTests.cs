using Augur.Learning.Search;
using Augur.Learning.Training;
using Microsoft.Extensions.Time.Testing;

namespace Augur.Learning.Tests;

public sealed class TrialSearchTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public async Task The_budget_is_honoured_and_the_trial_running_when_it_ends_is_cancelled()
    {
        var search = new TrialSearch(new ScriptedTuner("a"), new SlowRunner(_clock, TimeSpan.FromSeconds(7)), _clock);

        var result = await search.RunAsync(new SearchLimits(TimeSpan.FromSeconds(60)), null, CancellationToken.None);

        Assert.InRange(result.Elapsed, TimeSpan.FromSeconds(54), TimeSpan.FromSeconds(66));
        Assert.Equal(8, result.Leaderboard.Count(t => t.Status == TrialStatus.Succeeded));
        var last = Assert.Single(result.Leaderboard, t => t.Status == TrialStatus.Cancelled);
        Assert.Equal(9, last.Number);
        Assert.Equal(8, result.Best!.Number);
    }

    [Fact]
    public async Task The_search_runs_until_the_time_left_falls_to_what_its_best_trials_would_take_to_refit()
    {
        var search = new TrialSearch(new ScriptedTuner("a"), new SlowRunner(_clock, TimeSpan.FromSeconds(2)), _clock);
        var reserve = new RefitReserve(TimeSpan.FromSeconds(100), folds: 5, refit: true, fitsLastFold: false);

        var result = await search.RunAsync(new SearchLimits(TimeSpan.FromSeconds(100)) { Reserve = reserve.For }, null, CancellationToken.None);

        // 7 s for the importance and the margin, 3 x 0.6 s for the refits: the search ends at 91.2 s, where a flat 15 %
        // stopped it at 85 s. The trial that started at 90 s is cut at that deadline.
        Assert.Equal(45, result.Leaderboard.Count(t => t.Status == TrialStatus.Succeeded));
        Assert.Equal(46, Assert.Single(result.Leaderboard, t => t.Status == TrialStatus.Cancelled).Number);
        Assert.Equal(TimeSpan.FromSeconds(92), result.Elapsed);
    }

    [Fact]
    public async Task A_best_trial_that_is_dear_to_refit_ends_the_search_earlier()
    {
        // Trials take 10 s, but trial 2 takes 30 s and stays the best; the reserve is the best trial's duration.
        var limits = new SearchLimits(TimeSpan.FromSeconds(100.5)) { Reserve = best => best.Count == 0 ? TimeSpan.Zero : best[0] };

        var result = await new TrialSearch(new ScriptedTuner("a"), new DearBestRunner(_clock), _clock).RunAsync(limits, null, CancellationToken.None);

        // Until trial 2 the search could run to 90.5 s; from then on it keeps 30 s back and stops at 70 s.
        Assert.Equal(5, result.Leaderboard.Count);
        Assert.All(result.Leaderboard, t => Assert.Equal(TrialStatus.Succeeded, t.Status));
        Assert.Equal(2, result.Best!.Number);
        Assert.Equal(TimeSpan.FromSeconds(70), result.Elapsed);
    }

    [Fact]
    public async Task Cancelling_a_search_with_a_reserve_stops_a_trial_waiting_on_its_token_at_once()
    {
        using var cancel = new CancellationTokenSource();
        var started = TimeProvider.System.GetTimestamp();
        var runner = new BlockingRunner(() => cancel.CancelAfter(TimeSpan.FromMilliseconds(100)));
        var limits = new SearchLimits(TimeSpan.FromHours(1)) { Reserve = _ => TimeSpan.FromMinutes(5) };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new TrialSearch(new ScriptedTuner("a"), runner, TimeProvider.System).RunAsync(limits, null, cancel.Token));

        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task The_first_trial_finishes_even_when_it_outlasts_the_budget_so_there_is_always_a_model()
    {
        var search = new TrialSearch(new ScriptedTuner("a"), new SlowRunner(_clock, TimeSpan.FromSeconds(20)), _clock);

        var result = await search.RunAsync(new SearchLimits(TimeSpan.FromSeconds(5)), null, CancellationToken.None);

        var only = Assert.Single(result.Leaderboard);
        Assert.Equal(TrialStatus.Succeeded, only.Status);
        Assert.Equal(1, result.Best!.Number);
    }

    [Fact]
    public async Task No_trial_starts_when_less_than_the_minimum_trial_time_is_left()
    {
        var search = new TrialSearch(new ScriptedTuner("a"), new SlowRunner(_clock, TimeSpan.FromSeconds(5)), _clock);

        var result = await search.RunAsync(new SearchLimits(TimeSpan.FromSeconds(12)) { MinimumTrialTime = TimeSpan.FromSeconds(3) }, null, CancellationToken.None);

        Assert.Equal(2, result.Leaderboard.Count);
        Assert.Equal(TimeSpan.FromSeconds(10), result.Elapsed);
    }

    [Fact]
    public async Task The_trial_cap_ends_the_search()
    {
        var search = new TrialSearch(new ScriptedTuner("a"), new SlowRunner(_clock, TimeSpan.FromSeconds(1)), _clock);

        var result = await search.RunAsync(new SearchLimits(TimeSpan.FromHours(1), MaxTrials: 3), null, CancellationToken.None);

        Assert.Equal([3, 2, 1], result.Leaderboard.Select(t => t.Number));
    }

    [Fact]
    public async Task Early_stopping_ends_the_search_once_enough_trials_in_a_row_found_no_real_improvement()
    {
        // Trial 3 beats trial 2 by less than 0.1 %: it becomes the best, but it is not progress. Trial 5 fails; failures
        // count too. So trials 3 to 5 are three in a row without progress, and the search stops after trial 5.
        double[] losses = [1.0, 0.5, 0.4999, 0.6, 0.7, 0.1];
        var runner = new SlowRunner(_clock, TimeSpan.FromSeconds(2))
        {
            Loss = s => losses[s.Number - 1],
            Fail = s => s.Number == 5 ? new InvalidOperationException("broken") : null,
        };
        var limits = new SearchLimits(TimeSpan.FromSeconds(100)) { Patience = 3 };

        var result = await new TrialSearch(new ScriptedTuner("a"), runner, _clock).RunAsync(limits, null, CancellationToken.None);

        Assert.True(result.StoppedEarly);
        Assert.Equal(5, result.Leaderboard.Count);
        Assert.Equal(3, result.Best!.Number);
        Assert.Equal(TimeSpan.FromSeconds(10), result.Elapsed);

        // A clear improvement resets the count: with patience 4, trial 6 (0.1) comes and the search goes on to the cap.
        var patient = await new TrialSearch(new ScriptedTuner("a"), runner, _clock)
            .RunAsync(new SearchLimits(TimeSpan.FromSeconds(100), MaxTrials: 6) { Patience = 4 }, null, CancellationToken.None);
        Assert.False(patient.StoppedEarly);
        Assert.Equal(6, patient.Leaderboard.Count);
        Assert.Equal(6, patient.Best!.Number);

        // Patience running out on the last trial the cap allows is not stopping early: nothing was left to run.
        var capped = await new TrialSearch(new ScriptedTuner("a"), runner, _clock)
            .RunAsync(new SearchLimits(TimeSpan.FromSeconds(100), MaxTrials: 5) { Patience = 3 }, null, CancellationToken.None);
        Assert.Equal(5, capped.Leaderboard.Count);
        Assert.False(capped.StoppedEarly);
    }

    [Fact]
    public async Task Cancellation_stops_the_search_with_operation_cancelled()
    {
        using var cancel = new CancellationTokenSource();
        var runner = new SlowRunner(_clock, TimeSpan.FromSeconds(5)) { OnTrial = n => { if (n == 3) { cancel.Cancel(); } } };
        var search = new TrialSearch(new ScriptedTuner("a"), runner, _clock);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            search.RunAsync(new SearchLimits(TimeSpan.FromHours(1)), null, cancel.Token));

        Assert.Equal(TimeSpan.FromSeconds(10), _clock.GetUtcNow() - new FakeTimeProvider().GetUtcNow());
    }

    [Fact]
    public async Task A_trial_that_ignores_its_token_is_abandoned_when_the_budget_ends()
    {
        var hung = new TaskCompletionSource<TrialRun>();
        var runner = new HangingRunner(_clock, hung.Task);

        var result = await new TrialSearch(new ScriptedTuner("a"), runner, _clock).RunAsync(new SearchLimits(TimeSpan.FromSeconds(60)), null, CancellationToken.None);

        Assert.Equal([TrialStatus.Succeeded, TrialStatus.Cancelled], result.Leaderboard.Select(t => t.Status));
        Assert.False(hung.Task.IsCompleted);
    }

    [Fact]
    public async Task Cancelling_abandons_a_trial_that_ignores_its_token()
    {
        using var cancel = new CancellationTokenSource();
        var hung = new TaskCompletionSource<TrialRun>();
        var search = new TrialSearch(new ScriptedTuner("a"), new HangingRunner(_clock, hung.Task, cancel), _clock);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => search.RunAsync(new SearchLimits(TimeSpan.FromHours(1)), null, cancel.Token));
    }

    [Fact]
    public async Task A_failing_trial_is_recorded_as_failed_and_the_search_goes_on()
    {
        var tuner = new ScriptedTuner("good", "broken");
        var runner = new SlowRunner(_clock, TimeSpan.FromSeconds(1))
        {
            Fail = s => s.Trainer == "broken" ? new InvalidOperationException("LightGBM could not allocate a tree.") : null,
        };

        var result = await new TrialSearch(tuner, runner, _clock).RunAsync(new SearchLimits(TimeSpan.FromHours(1), MaxTrials: 4), null, CancellationToken.None);

        Assert.Equal([3, 1, 2, 4], result.Leaderboard.Select(t => t.Number));
        var failed = result.Leaderboard.Where(t => t.Status == TrialStatus.Failed).ToList();
        Assert.Equal(2, failed.Count);
        Assert.All(failed, t => Assert.Equal("LightGBM could not allocate a tree.", t.FailureReason));
        Assert.Equal(3, result.Best!.Number);
        Assert.Equal(4, tuner.Observations.Count);
        Assert.True(double.IsPositiveInfinity(tuner.Observations[1].Loss));
    }

    [Fact]
    public async Task A_failing_progress_observer_does_not_fail_the_search()
    {
        var search = new TrialSearch(new ScriptedTuner("a"), new SlowRunner(_clock, TimeSpan.FromSeconds(1)), _clock);
        var reports = new List<TrainingProgress>();
        var progress = new SyncProgress(p =>
        {
            reports.Add(p);
            throw new InvalidOperationException("The dashboard is down.");
        });

        var result = await search.RunAsync(new SearchLimits(TimeSpan.FromHours(1), MaxTrials: 2), progress, CancellationToken.None);

        Assert.Equal(2, result.Leaderboard.Count);
        Assert.Equal([1, 2], reports.Select(r => r.TrialsDone));
    }

    /// <summary>Trial 1 succeeds; trial 2 uses up the clock (or cancels) and returns a task that never ends, as a stuck native fit would.</summary>
    [Fact]
    public async Task The_candidates_are_the_best_ten_and_each_other_trainers_best_two()
    {
        // Trainer a's trials all beat trainer b's and c's; a later trial is better than an earlier one of its trainer.
        var tuner = new ScriptedTuner([.. Enumerable.Repeat("a", 6), "b", "c"]);
        var runner = new SlowRunner(_clock, TimeSpan.FromSeconds(1)) { Loss = s => (s.Trainer == "a" ? 0 : 1) + (1.0 / s.Number) };

        var result = await new TrialSearch(tuner, runner, _clock).RunAsync(new SearchLimits(TimeSpan.FromHours(1)) { MaxTrials = 40 }, null, CancellationToken.None);

        var candidates = result.Candidates.Select(c => (c.Settings.Trainer, c.Settings.Number)).ToList();
        Assert.Equal(14, candidates.Count);
        Assert.Equal(Enumerable.Repeat("a", 10), candidates.Take(10).Select(c => c.Trainer));
        Assert.Equal([("b", 39), ("b", 31)], candidates.Where(c => c.Trainer == "b"));
        Assert.Equal([("c", 40), ("c", 32)], candidates.Where(c => c.Trainer == "c"));
        Assert.Equal(result.Candidates.OrderBy(c => c.Loss).Select(c => c.Settings.Number), result.Candidates.Select(c => c.Settings.Number));
    }

    private sealed class HangingRunner(FakeTimeProvider clock, Task<TrialRun> hung, CancellationTokenSource? cancel = null) : ITrialRunner
    {
        public Task<TrialRun> RunAsync(TrialSettings settings, CancellationToken cancellationToken)
        {
            if (settings.Number == 1)
            {
                clock.Advance(TimeSpan.FromSeconds(5));
                return Task.FromResult(new TrialRun(new Dictionary<string, double>(), 1));
            }

            if (cancel is null)
            {
                clock.Advance(TimeSpan.FromSeconds(60));
            }
            else
            {
                cancel.Cancel();
            }

            return hung;
        }
    }

    /// <summary>Trials take 10 s of the fake clock, one second at a time; trial 2 takes 30 s and has the lowest loss.</summary>
    private sealed class DearBestRunner(FakeTimeProvider clock) : ITrialRunner
    {
        public Task<TrialRun> RunAsync(TrialSettings settings, CancellationToken cancellationToken)
        {
            for (var second = 0; second < (settings.Number == 2 ? 30 : 10); second++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                clock.Advance(TimeSpan.FromSeconds(1));
            }

            var loss = settings.Number == 2 ? 0.01 : 1.0 / settings.Number;
            return Task.FromResult(new TrialRun(new Dictionary<string, double> { ["rmse"] = loss }, loss));
        }
    }

    /// <summary>Trial 1 succeeds at once; trial 2 waits on its token (as a fit that checks it would) after calling <paramref name="onWait"/>.</summary>
    private sealed class BlockingRunner(Action onWait) : ITrialRunner
    {
        public async Task<TrialRun> RunAsync(TrialSettings settings, CancellationToken cancellationToken)
        {
            if (settings.Number > 1)
            {
                onWait();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return new TrialRun(new Dictionary<string, double>(), 1);
        }
    }

    /// <summary>Unlike Progress&lt;T&gt;, reports on the caller's thread, so the test sees every report at once.</summary>
    private sealed class SyncProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    [Fact]
    public void The_candidates_are_the_best_ten_and_each_trainers_best_two_in_rank_order()
    {
        // Ranked best first: twelve of one trainer, then three of a second and one of a third.
        string[] ranked = [.. Enumerable.Range(1, 12).Select(i => $"a{i}"), "b1", "b2", "b3", "c1"];

        var candidates = TrialSearch.Candidates(ranked, name => name[..1]);

        Assert.Equal([.. Enumerable.Range(1, 10).Select(i => $"a{i}"), "b1", "b2", "c1"], candidates);
        Assert.Empty(TrialSearch.Candidates(Array.Empty<string>(), name => name));
    }
}
