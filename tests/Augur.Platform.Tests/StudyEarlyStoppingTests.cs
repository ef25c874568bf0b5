using System.Text.Json;
using Augur.Data;
using Augur.Learning.Search;
using Augur.Learning.Training;
using Augur.Platform.Experiments;
using Augur.Platform.Training;

namespace Augur.Platform.Tests;

/// <summary>Early stopping in a study spread over workers, read from its stored trials.</summary>
public sealed class StudyEarlyStoppingTests
{
    private static readonly DateTime Now = new(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Trials_whose_worker_went_away_do_not_count_but_failures_of_the_trials_themselves_do()
    {
        var run = TrainingRun.Queue(Guid.NewGuid(), Guid.NewGuid(), "Churn", "churn", TimeSpan.FromMinutes(10), 42, Guid.NewGuid(), Now);
        run.SpreadOver(2, null, earlyStopping: 2);
        List<Trial> trials = [Finished(run, 1, TrialResult(1, TrialStatus.Succeeded, 0.80))];

        // Two trials lost with their worker (a restarted node) say nothing about the search.
        trials.Add(Lost(run, 2));
        trials.Add(Lost(run, 3));
        Assert.False(StudyWorkerJob.StoppedImproving(run, Study(trials)));

        // A trial that is no better, and one that failed on its own settings, are two in a row without progress.
        trials.Add(Finished(run, 4, TrialResult(4, TrialStatus.Succeeded, 0.7995)));
        Assert.False(StudyWorkerJob.StoppedImproving(run, Study(trials)));
        trials.Add(Finished(run, 5, TrialResult(5, TrialStatus.Failed, null)));
        Assert.True(StudyWorkerJob.StoppedImproving(run, Study(trials)));

        // Without early stopping asked for, a study never stops for this.
        var patient = TrainingRun.Queue(Guid.NewGuid(), Guid.NewGuid(), "Churn", "churn", TimeSpan.FromMinutes(10), 42, Guid.NewGuid(), Now);
        patient.SpreadOver(2, null);
        Assert.False(StudyWorkerJob.StoppedImproving(patient, Study(trials)));
    }

    [Fact]
    public void Screening_trials_neither_stop_a_study_early_nor_are_finalised_while_one_on_all_rows_is_there()
    {
        var run = TrainingRun.Queue(Guid.NewGuid(), Guid.NewGuid(), "Churn", "churn", TimeSpan.FromMinutes(10), 42, Guid.NewGuid(), Now);
        run.SpreadOver(2, null, earlyStopping: 2);
        // Successive halving: three settings screened on a ninth of the rows, the best of them run on a third.
        List<Trial> trials =
        [
            Finished(run, 1, TrialResult(1, TrialStatus.Succeeded, 0.78), 1.0 / 9),
            Finished(run, 2, TrialResult(2, TrialStatus.Succeeded, 0.74), 1.0 / 9),
            Finished(run, 3, TrialResult(3, TrialStatus.Succeeded, 0.71), 1.0 / 9),
            Finished(run, 4, TrialResult(4, TrialStatus.Succeeded, 0.80), 1.0 / 3),
        ];

        // Nothing reached all rows: no model yet, so the study goes on; finalising would run the best of the largest share on all rows.
        Assert.False(StudyWorkerJob.StoppedImproving(run, Study(trials)));
        var fallback = Assert.Single(StudyTrial.Ranked(Study(trials)));
        Assert.Equal(4, fallback.Number);

        // Once one trial is on all rows, only such trials are finalists, whatever the screening scores, and only they count
        // towards early stopping: two more screening trials that are no better do not stop it.
        trials.Add(Finished(run, 5, TrialResult(5, TrialStatus.Succeeded, 0.79), 1));
        trials.Add(Finished(run, 6, TrialResult(6, TrialStatus.Succeeded, 0.70), 1.0 / 9));
        trials.Add(Finished(run, 7, TrialResult(7, TrialStatus.Succeeded, 0.70), 1.0 / 9));
        Assert.Equal([5], StudyTrial.Ranked(Study(trials)).Select(s => s.Number));
        Assert.False(StudyWorkerJob.StoppedImproving(run, Study(trials)));
        trials.Add(Finished(run, 8, TrialResult(8, TrialStatus.Succeeded, 0.785), 1));
        trials.Add(Finished(run, 9, TrialResult(9, TrialStatus.Succeeded, 0.789), 1));
        Assert.True(StudyWorkerJob.StoppedImproving(run, Study(trials)));
        Assert.Equal([5, 9, 8], StudyTrial.Ranked(Study(trials)).Select(s => s.Number));
    }

    [Fact]
    public void Finalising_gets_what_is_left_of_the_budget_but_time_to_validate_the_best_trial_again()
    {
        var second = TimeSpan.FromSeconds(1);
        // What is left of a 10-minute study's budget (its 15 %), when the best trial took 20 s.
        Assert.Equal(90 * second, StudyWorkerJob.FinaliseBudget(90 * second, 20 * second));
        // Past its time already, or with little left: twice the best trial's time (data prepared, then validated).
        Assert.Equal(40 * second, StudyWorkerJob.FinaliseBudget(-5 * second, 20 * second));
        Assert.Equal(40 * second, StudyWorkerJob.FinaliseBudget(15 * second, 20 * second));
        // Quick trials: never less than ten seconds.
        Assert.Equal(10 * second, StudyWorkerJob.FinaliseBudget(3 * second, second));
    }

    /// <summary>The trials as the study lock reads them.</summary>
    private static List<StudyTrial> Study(List<Trial> trials) => [.. trials.Select(StudyTrial.From)];

    private static TrialResult TrialResult(int number, TrialStatus status, double? auc) => new(
        number,
        "lightGbm",
        new Dictionary<string, string>(),
        auc is { } value ? new Dictionary<string, double> { ["auc"] = value } : new Dictionary<string, double>(),
        TimeSpan.FromSeconds(1),
        status,
        status == TrialStatus.Failed ? "LightGBM could not fit these settings." : null);

    private static Trial Claimed(TrainingRun run, int number, double dataFraction = 1) => Trial.Claim(
        run.ProjectId, run.Id, number, "lightGbm", "{}",
        JsonSerializer.Serialize(new TrialSettings(number, "lightGbm", new Dictionary<string, double>()) { DataFraction = dataFraction }, AugurJson.Compact),
        dataFraction, "node/1", Now.AddSeconds(15), Now);

    private static Trial Finished(TrainingRun run, int number, TrialResult result, double dataFraction = 1)
    {
        var trial = Claimed(run, number, dataFraction);
        trial.Record(TrialRecord.From(result with { DataFraction = dataFraction }, "auc", attempt: 1), Now);
        return trial;
    }

    private static Trial Lost(TrainingRun run, int number)
    {
        var trial = Claimed(run, number);
        trial.WorkerStopped(Now);
        Assert.True(trial.LostItsWorker);
        return trial;
    }
}
