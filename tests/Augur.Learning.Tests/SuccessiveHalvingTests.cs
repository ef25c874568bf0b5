using Augur.Data.Schema;
using Augur.Learning.Features;
using Augur.Learning.Search;
using Augur.Learning.Trainers;
using Augur.Learning.Training;
using Microsoft.Extensions.Time.Testing;

namespace Augur.Learning.Tests;

public sealed class SuccessiveHalvingTests
{
    private static readonly SearchLimits Halving = new(TimeSpan.FromHours(1)) { Halving = SuccessiveHalving.Default };

    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public async Task A_bracket_screens_nine_configurations_on_a_ninth_promotes_three_to_a_third_and_confirms_one_on_all_rows()
    {
        var tuner = new ScriptedTuner("a", "b", "c", "d", "e", "f", "g", "h", "i");
        var search = new TrialSearch(tuner, new FidelityRunner(), _clock);

        var result = await search.RunAsync(Halving with { MaxTrials = 13 }, null, CancellationToken.None);

        var trials = result.Leaderboard.OrderBy(t => t.Number).ToList();
        Assert.Equal(Enumerable.Repeat(1.0 / 9, 9).Concat(Enumerable.Repeat(1.0 / 3, 3)).Append(1.0), trials.Select(t => t.DataFraction));
        // FidelityRunner: the best third of the 1/9 rung is c, f, a; f is the best of the 1/3 rung.
        Assert.Equal(["c", "f", "a"], trials.Skip(9).Take(3).Select(t => t.Trainer));
        Assert.Equal("f", trials[^1].Trainer);
        Assert.Equal(13, result.Best!.Number);
        Assert.Single(result.Candidates);
        // Only the trial on all rows competes; the leaderboard then lists the 1/3 rung, then the 1/9 rung.
        Assert.Equal([1.0, 1.0 / 3, 1.0 / 3, 1.0 / 3], result.Leaderboard.Take(4).Select(t => t.DataFraction));
    }

    [Fact]
    public async Task The_tuner_is_told_each_configuration_once_with_its_loss_shifted_onto_the_full_data_scale()
    {
        var tuner = new ScriptedTuner("a", "b", "c", "d", "e", "f", "g", "h", "i");
        var search = new TrialSearch(tuner, new FidelityRunner(), _clock);

        await search.RunAsync(Halving with { MaxTrials = 13 }, null, CancellationToken.None);

        // Nothing is told before the bracket ends; then the nine configurations, in the order they were proposed.
        Assert.Equal(Enumerable.Range(1, 9), tuner.Observations.Select(o => o.Settings.Number));
        var loss = tuner.Observations.ToDictionary(o => o.Settings.Trainer, o => o.Loss);
        var winner = FidelityRunner.Loss("f", 1);
        Assert.Equal(winner, loss["f"], 12);
        // c stopped at the 1/3 rung: its 1/3 loss plus f's change from 1/3 to all rows; b stopped at 1/9 likewise.
        Assert.Equal(FidelityRunner.Loss("c", 1.0 / 3) + (winner - FidelityRunner.Loss("f", 1.0 / 3)), loss["c"], 12);
        Assert.Equal(FidelityRunner.Loss("b", 1.0 / 9) + (winner - FidelityRunner.Loss("f", 1.0 / 9)), loss["b"], 12);
        Assert.All(loss.Values, l => Assert.True(l >= winner));
    }

    [Fact]
    public async Task Early_stopping_counts_only_trials_on_all_rows()
    {
        var search = new TrialSearch(new ScriptedTuner("a", "b", "c", "d", "e", "f", "g", "h", "i"), new FidelityRunner(), _clock);

        var result = await search.RunAsync(Halving with { MaxTrials = 40, Patience = 1 }, null, CancellationToken.None);

        // The second bracket's twelve screening trials do not count; its confirmed trial (f again, no better) does.
        Assert.True(result.StoppedEarly);
        Assert.Equal(26, result.Leaderboard.Count);
        Assert.Equal(1.0, result.Leaderboard.Single(t => t.Number == 26).DataFraction);
    }

    [Fact]
    public async Task When_the_trials_run_out_before_any_configuration_reached_all_rows_the_best_screened_one_is_confirmed()
    {
        var search = new TrialSearch(new ScriptedTuner("a", "b", "c", "d"), new FidelityRunner(), _clock);

        var result = await search.RunAsync(Halving with { MaxTrials = 4 }, null, CancellationToken.None);

        Assert.Equal(5, result.Leaderboard.Count);
        Assert.Equal(5, result.Best!.Number);
        Assert.Equal("c", result.Best.Trainer);
        Assert.Equal(1.0, result.Best.DataFraction);
    }

    [Fact]
    public async Task For_the_same_budget_halving_tries_more_configurations_on_generated_data()
    {
        // A trial costs 10 simulated seconds on all rows and proportionally less on a share; the search gets 30 s.
        // Trials take no time of their own here, so the search keeps back only the importance's share and the margin.
        var budget = TimeSpan.FromSeconds(30 / (1 - AutoTrainer.ImportanceShare - RefitReserve.MarginShare));

        var plain = await TrainAsync(HalvingMode.Off, budget);
        var halving = await TrainAsync(HalvingMode.On, budget);

        Assert.False(plain.Halving);
        Assert.True(halving.Halving);
        Assert.Equal(3, Configurations(plain));
        Assert.Equal(9, Configurations(halving));
        Assert.Equal(1.0, halving.Best.DataFraction);
        Assert.All(halving.Leaderboard.Where(t => t.DataFraction < 1), t => Assert.True(t.TrainingRows < halving.Best.TrainingRows));
    }

    [Fact]
    public async Task A_seeded_run_with_halving_and_a_trial_cap_reproduces_its_leaderboard()
    {
        var request = Some.Request("churn", rows: 300, maxTrials: 13, seed: 5) with { Halving = HalvingMode.On, Ensemble = false };

        var first = await new AutoTrainer(TimeProvider.System).TrainAsync(request, null, CancellationToken.None);
        var second = await new AutoTrainer(TimeProvider.System).TrainAsync(request, null, CancellationToken.None);

        Assert.Equal(Golden(first), Golden(second));
        Assert.Equal(13, first.Leaderboard.Count);
        Assert.Equal(1.0, first.Best.DataFraction);
        Assert.Equal(13, first.Best.Number);
    }

    [Fact]
    public async Task Every_configuration_a_bracket_screens_is_new()
    {
        // With the real tuner: it learns nothing until a bracket ends, and it used to fill brackets with one owed probe
        // (on adult, 72 % of a 10-minute search repeated settings already measured).
        var request = Some.Request("churn", rows: 300, maxTrials: 65, seed: 3) with { Halving = HalvingMode.On, Ensemble = false };

        var outcome = await new AutoTrainer(TimeProvider.System).TrainAsync(request, null, CancellationToken.None);

        var screened = outcome.Leaderboard
            .Where(t => t.DataFraction < 0.2)
            .Select(t => $"{t.Trainer} {string.Join(",", t.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))}")
            .ToList();
        Assert.Equal(45, screened.Count);
        Assert.Equal(screened.Count, screened.Distinct().Count());
    }

    [Fact]
    public void A_subsample_is_stratified_and_the_same_every_time()
    {
        var rows = Enumerable.Range(0, 900).Select(i => new FeatureRow { Flag = i % 3 == 0 }).ToList();
        var set = new TrainingSet(TaskKind.Binary, new FeaturePlan([], 0, 0, 0, false), ["No", "Yes"], rows, seed: 1);
        var all = Enumerable.Range(0, 900).ToList();

        var sample = set.Subsample(all, 1.0 / 9, salt: 0);

        Assert.Equal(100, sample.Count);
        Assert.Equal(33, sample.Count(i => rows[i].Flag));
        Assert.Equal(sample, set.Subsample(all, 1.0 / 9, salt: 0));
        Assert.NotEqual(sample, set.Subsample(all, 1.0 / 9, salt: 1));
    }

    private static int Configurations(TrainingOutcome outcome) =>
        outcome.Leaderboard.Count(t => t.DataFraction == outcome.Leaderboard.Min(x => x.DataFraction));

    private static List<string> Golden(TrainingOutcome outcome) =>
        [.. outcome.Leaderboard.Select(t =>
            $"{t.Number} {t.Trainer} {t.DataFraction:G4} {t.TrainingRows} {string.Join(",", t.Parameters.Select(p => $"{p.Key}={p.Value}"))} {t.Metrics["auc"]:G10}")];

    private static async Task<TrainingOutcome> TrainAsync(HalvingMode mode, TimeSpan budget)
    {
        // Fast linear trials; the simulated cost is what differs between the two runs.
        var request = Some.Request("churn", rows: 300, maxTrials: 100) with { Halving = mode, Budget = budget, Ensemble = false };
        var clock = new FakeTimeProvider();
        var trainer = new AutoTrainer(clock, new ScriptedTuner(TrainerCatalog.LbfgsLogisticRegression));
        return await trainer.TrainAsync(request, new SimulatedCost(clock), CancellationToken.None);
    }

    /// <summary>Moves the fake clock on after each trial by what it would cost: 10 s times its share of the rows.</summary>
    private sealed class SimulatedCost(FakeTimeProvider clock) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => clock.Advance(TimeSpan.FromSeconds(10 * value.LastTrial!.DataFraction));
    }

    /// <summary>
    /// Losses by trainer name and share of rows: on 1/9 "c" is best, then "f", then "a"; on 1/3 and all rows "f" wins.
    /// Smaller shares are worse across the board, as real subsamples are.
    /// </summary>
    private sealed class FidelityRunner : ITrialRunner
    {
        public static double Loss(string trainer, double fraction)
        {
            var rank = trainer switch { "c" => 0.0, "f" => 0.1, "a" => 0.2, _ => 0.3 + (trainer[0] - 'a') / 100.0 };
            if (fraction >= 1)
            {
                return trainer == "f" ? -0.5 : rank;
            }

            // On the 1/3 rung "f" overtakes "c".
            return (fraction > 0.2 && trainer == "f" ? -0.05 : rank) + (1 - fraction);
        }

        public Task<TrialRun> RunAsync(TrialSettings settings, CancellationToken cancellationToken)
        {
            var loss = Loss(settings.Trainer, settings.DataFraction);
            return Task.FromResult(new TrialRun(new Dictionary<string, double> { ["rmse"] = loss }, loss));
        }
    }
}
