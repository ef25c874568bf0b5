using Augur.Learning.Search;
using Augur.Learning.Trainers;
using Augur.Learning.Training;

namespace Augur.Learning.Tests;

/// <summary>Successive halving for a study, decided from its stored trials alone (<see cref="AsyncHalving"/>).</summary>
public sealed class AsyncHalvingTests
{
    private static readonly AsyncHalving Ladder = new(SuccessiveHalving.Default);

    [Fact]
    public void A_configuration_goes_up_a_rung_once_it_is_in_the_best_third_of_the_trials_finished_on_its_own()
    {
        // Two screened on a ninth: too few for a best third.
        List<TrialObservation> finished = [Screened(1, 0.50), Screened(2, 0.30)];
        Assert.Null(Ladder.Promotion(finished, [], 3));

        // Three: the best (trial 2) runs again on a third of the rows, as trial 4.
        finished.Add(Screened(3, 0.40));
        var promoted = Ladder.Promotion(finished, [], 4)!;
        Assert.Equal((4, 1.0 / 3, 2), (promoted.Number, promoted.DataFraction, promoted.FirstTrial));
        Assert.Equal(finished[1].Settings.Parameters, promoted.Parameters);
        Assert.Equal(2, promoted.Configuration);

        // While it runs, trial 2 has had its place: a new configuration is screened instead.
        Assert.Null(Ladder.Promotion(finished, [promoted], 5));

        // Six on the first rung: two places, so the second best (trial 6) goes up too. A failed trial takes part and loses.
        finished.AddRange([Screened(5, 0.90, TrialStatus.Failed), Screened(6, 0.35), Screened(7, 0.60)]);
        Assert.Equal(6, Ladder.Promotion(finished, [promoted], 8)!.FirstTrial);
    }

    [Fact]
    public void The_highest_rung_promotes_first_and_a_configuration_reaches_all_rows_once()
    {
        List<TrialObservation> finished = [Screened(1, 0.50), Screened(2, 0.30), Screened(3, 0.40), Screened(4, 0.45), Screened(5, 0.20), Screened(6, 0.42)];
        finished.Add(Observed(Up(2, 7, 1.0 / 3), 0.28));
        finished.Add(Observed(Up(5, 8, 1.0 / 3), 0.25));
        finished.Add(Observed(Up(3, 9, 1.0 / 3), 0.33));

        // The third rung is full before the first rung's third place: trial 5's configuration goes to all rows first.
        finished.AddRange([Screened(10, 0.70), Screened(11, 0.80), Screened(12, 0.38)]);
        var top = Ladder.Promotion(finished, [], 13)!;
        Assert.Equal((1.0, 5), (top.DataFraction, top.FirstTrial));

        // Once it has, the first rung's third best (trial 12, after 5 and 2, both taken) goes up to a third.
        finished.Add(Observed(top, 0.22));
        var next = Ladder.Promotion(finished, [], 14)!;
        Assert.Equal((1.0 / 3, 12), (next.DataFraction, next.FirstTrial));
    }

    [Fact]
    public void The_tuner_learns_each_configuration_once_with_its_highest_loss_moved_onto_the_scale_of_all_rows()
    {
        // a: screened, a third, all rows; b: screened, a third; c: screened only.
        List<TrialObservation> finished =
        [
            Screened(1, 0.50), Screened(2, 0.60), Screened(3, 0.70),
            Observed(Up(1, 4, 1.0 / 3), 0.40), Observed(Up(2, 5, 1.0 / 3), 0.52), Observed(Up(1, 6, 1), 0.35),
        ];

        var told = Ladder.ForTuner(finished);

        // The median change from a ninth to a third is -0.09 (a: -0.10, b: -0.08); from a third to all rows -0.05 (a).
        Assert.Equal([1, 2, 3], told.Select(o => o.Settings.Number));
        Assert.All(told, o => Assert.Equal(1.0 / 9, o.Settings.DataFraction));
        Assert.Equal(0.35, told[0].Loss, 12);
        Assert.Equal(0.52 - 0.05, told[1].Loss, 12);
        Assert.Equal(0.70 - 0.09 - 0.05, told[2].Loss, 12);

        // A configuration that failed on more rows is a failure, whatever its screening said.
        var failed = Ladder.ForTuner([.. finished, Observed(Up(2, 7, 1), double.PositiveInfinity, TrialStatus.Failed)]);
        Assert.Equal((TrialStatus.Failed, double.PositiveInfinity), (failed[1].Status, failed[1].Loss));
    }

    [Fact]
    public void Two_workers_of_a_study_screen_new_settings_and_promote_the_best_without_running_a_rung_twice()
    {
        var study = new StudyTrainer(TimeProvider.System);
        var space = TrainerCatalog.SearchSpace(TaskKind.Binary, 200_000);
        var finished = new List<TrialObservation>();
        TrialSettings? running = null;
        var all = new List<TrialSettings>();
        for (var number = 1; number <= 60; number++)
        {
            var settings = study.Propose(TaskKind.Binary, seed: 3, finished, number, rows: 200_000, running is null ? [] : [running], SuccessiveHalving.Default);
            Assert.Equal(number, settings.Number);
            all.Add(settings);
            if (running is not null)
            {
                finished.Add(new TrialObservation(running, TrialStatus.Succeeded, Loss(running)));
            }

            running = settings;
        }

        // New settings are screened on a ninth; every trial on more rows runs settings screened before, once per share.
        var fresh = all.Where(s => s.FirstTrial is null).ToList();
        Assert.All(fresh, s => Assert.Equal(1.0 / 9, s.DataFraction));
        Assert.All(all.Where(s => s.FirstTrial is not null), s =>
        {
            var first = all.Single(f => f.Number == s.FirstTrial);
            Assert.Equal(first.Parameters, s.Parameters);
            Assert.Equal(first.Trainer, s.Trainer);
            Assert.True(s.DataFraction > first.DataFraction);
        });
        Assert.Equal(all.Count, all.Select(s => (s.Configuration, s.DataFraction)).Distinct().Count());
        Assert.Contains(all, s => s.DataFraction == 1);
        Assert.Contains(all, s => s.DataFraction == 1.0 / 3);
        // As on one worker, the first configurations are each trainer's defaults, in the catalog's order.
        Assert.Equal(space.Select(s => s.Trainer), fresh.Take(space.Count).Select(s => s.Trainer));
        Assert.Equal(fresh.Count, fresh.Select(s => $"{s.Trainer} {string.Join(",", s.ParameterText().OrderBy(p => p.Key, StringComparer.Ordinal))}").Distinct().Count());
    }

    /// <summary>A made-up loss: lower on more rows, and different for each trainer and setting.</summary>
    private static double Loss(TrialSettings settings) =>
        (0.3 / Math.Sqrt(settings.DataFraction * 9)) + (settings.Trainer.Length / 100.0) + (settings.Parameters.Values.Sum() % 1 / 50);

    private static TrialObservation Screened(int number, double loss, TrialStatus status = TrialStatus.Succeeded) =>
        Observed(new TrialSettings(number, TrainerCatalog.LightGbm, new Dictionary<string, double> { ["learningRate"] = number / 100.0 }) { DataFraction = 1.0 / 9 }, loss, status);

    /// <summary>Trial <paramref name="number"/> running the settings first screened by trial <paramref name="first"/> on <paramref name="fraction"/> of the rows.</summary>
    private static TrialSettings Up(int first, int number, double fraction) =>
        new(number, TrainerCatalog.LightGbm, new Dictionary<string, double> { ["learningRate"] = first / 100.0 }) { DataFraction = fraction, FirstTrial = first };

    private static TrialObservation Observed(TrialSettings settings, double loss, TrialStatus status = TrialStatus.Succeeded) =>
        new(settings, status, status == TrialStatus.Succeeded ? loss : double.PositiveInfinity);
}
