using Augur.Learning.Search;
using Augur.Learning.Trainers;
using Augur.Learning.Training;

namespace Augur.Learning.Tests;

public sealed class StudyTrainerTests
{
    [Fact]
    public async Task A_study_searches_the_space_a_one_worker_run_would_for_its_row_count()
    {
        var rows = Some.Rows(300);
        rows[0]["tier"] = null;
        var request = Some.Request("tier", rows: 300) with { DataPath = Some.WriteJsonl(rows) };
        var spaces = new SpaceRecorder();
        var study = new StudyTrainer(TimeProvider.System, spaces);

        var detected = await StudyTrainer.DetectTaskAsync(request, CancellationToken.None);
        study.Propose(detected.Kind, request.Seed, [], 1, detected.Rows);
        study.Propose(TaskKind.Multiclass, request.Seed, [], 1, rows: TrainerCatalog.ExtraTreesMaxRows + 1);

        // Rows without a target do not count, as in a one-worker run.
        Assert.Equal(new StudyTask(TaskKind.Multiclass, 299), detected);
        Assert.Contains(TrainerCatalog.ExtraTrees, spaces.Offered[0]);
        Assert.DoesNotContain(TrainerCatalog.ExtraTrees, spaces.Offered[1]);
    }

    [Fact]
    public void Two_workers_that_rebuild_the_tuner_never_propose_what_the_other_is_running()
    {
        // Each worker proposes while the other's trial runs. The loss is lowest at each trainer's defaults, so every
        // probe fails and a mirrored probe is always owed: the case where both used to be handed the same one.
        var study = new StudyTrainer(TimeProvider.System);
        var space = TrainerCatalog.SearchSpace(TaskKind.Binary, 1_000).ToDictionary(s => s.Trainer);
        var finished = new List<TrialObservation>();
        TrialSettings? running = null;
        var proposed = new List<string>();
        for (var number = 1; number <= 40; number++)
        {
            var settings = study.Propose(TaskKind.Binary, seed: 4, finished, number, rows: 1_000, running is null ? [] : [running]);
            proposed.Add($"{settings.Trainer} {string.Join(",", settings.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value:G6}"))}");
            if (running is not null)
            {
                finished.Add(new TrialObservation(running, TrialStatus.Succeeded, DistanceFromDefaults(space[running.Trainer], running)));
            }

            running = settings;
        }

        Assert.Equal(proposed.Count, proposed.Distinct().Count());
    }

    [Fact]
    public async Task Finalising_validates_again_the_candidates_a_one_worker_run_keeps()
    {
        // The study's succeeded trials, best first: four of one trainer, then two of another.
        var space = TrainerCatalog.SearchSpace(TaskKind.Binary, 300).ToDictionary(s => s.Trainer);
        TrialSettings Trial(int number, string trainer) => new(number, trainer, space[trainer].Defaults());
        IReadOnlyList<TrialSettings> best =
        [
            Trial(7, TrainerCatalog.LightGbm), Trial(3, TrainerCatalog.LightGbm), Trial(9, TrainerCatalog.LightGbm),
            Trial(1, TrainerCatalog.LightGbm), Trial(4, TrainerCatalog.FastTree), Trial(2, TrainerCatalog.FastTree),
        ];
        var study = new StudyTrainer(TimeProvider.System);

        // With time, all six are candidates (fewer than ten), not only the best three.
        var outcome = await study.FinaliseAsync(Some.Request("churn", rows: 300), best, stoppedEarly: false, archive: null, CancellationToken.None);
        using (outcome.Bundle)
        {
            Assert.Equal([1, 2, 3, 4, 7, 9], outcome.Leaderboard.Select(t => t.Number).Order());
        }
    }

    [Fact]
    public async Task Finalising_serves_the_trials_its_workers_stored_instead_of_validating_them_again()
    {
        var request = Some.Request("churn", rows: 300);
        var space = TrainerCatalog.SearchSpace(TaskKind.Binary, 300).ToDictionary(s => s.Trainer);
        IReadOnlyList<TrialSettings> best =
        [
            new(2, TrainerCatalog.LightGbm, space[TrainerCatalog.LightGbm].Defaults()),
            new(1, TrainerCatalog.FastTree, space[TrainerCatalog.FastTree].Defaults()),
        ];
        var study = new StudyTrainer(TimeProvider.System);
        var stored = await StoreAsync(study, request, best);

        var outcome = await study.FinaliseAsync(request, best, stoppedEarly: false, stored, CancellationToken.None);
        using (outcome.Bundle)
        {
            Assert.Equal([1, 2], stored.Asked.Order());
            Assert.All(outcome.Leaderboard, t => Assert.Equal(1, t.Metrics[StoredMarker]));
        }

        // Trials stored for other data (fewer rows, so other folds) cannot stand for these: they are validated again.
        var elsewhere = await StoreAsync(study, Some.Request("churn", rows: 240), best);
        var again = await study.FinaliseAsync(request, best, stoppedEarly: false, elsewhere, CancellationToken.None);
        using (again.Bundle)
        {
            Assert.Equal([1, 2], elsewhere.Asked.Order());
            Assert.All(again.Leaderboard, t => Assert.False(t.Metrics.ContainsKey(StoredMarker)));
            Assert.Equal(outcome.Leaderboard.Select(t => t.Metrics["auc"]), again.Leaderboard.Select(t => t.Metrics["auc"]));
        }
    }

    /// <summary>A metric no trial measures: a run that has it was read from the archive, not measured again.</summary>
    private const string StoredMarker = "storedForTest";

    /// <summary>Runs each trial as a study worker does, its models written to a file, and reads it back as finalising would.</summary>
    private static async Task<MemoryArchive> StoreAsync(StudyTrainer study, TrainingRequest request, IReadOnlyList<TrialSettings> trials)
    {
        var archive = new MemoryArchive();
        foreach (var settings in trials)
        {
            var path = Path.Combine(Path.GetDirectoryName(request.DataPath)!, $"trial-{settings.Number}.zip");
            var trial = await study.RunTrialAsync(request, settings, path, CancellationToken.None);
            Assert.True(trial.ModelsSaved, trial.Trial.FailureReason);
            var measured = trial.Run! with { Model = null, FoldModels = [], Metrics = new Dictionary<string, double>(trial.Run!.Metrics) { [StoredMarker] = 1 } };
            archive.Runs[settings.Number] = await TrialModelArchive.ReadAsync(measured, path, CancellationToken.None);
        }

        return archive;
    }

    private sealed class MemoryArchive : ITrialArchive
    {
        public Dictionary<int, TrialRun> Runs { get; } = [];

        public List<int> Asked { get; } = [];

        public Task<TrialRun?> FindAsync(TrialSettings settings, CancellationToken cancellationToken)
        {
            Asked.Add(settings.Number);
            return Task.FromResult(Runs.GetValueOrDefault(settings.Number));
        }
    }

    private static double DistanceFromDefaults(TrainerSpace space, TrialSettings settings)
    {
        var unit = space.ToUnit(settings.Parameters);
        var defaults = space.ToUnit(space.Defaults());
        return unit.Zip(defaults).Sum(p => Math.Pow(p.First - p.Second, 2));
    }

    /// <summary>Records the trainers of each search space a tuner is created for.</summary>
    private sealed class SpaceRecorder : ITunerFactory
    {
        public List<List<string>> Offered { get; } = [];

        public ITuner Create(TaskKind task, IReadOnlyList<TrainerSpace> searchSpace, int seed)
        {
            Offered.Add([.. searchSpace.Select(s => s.Trainer)]);
            return new CostFrugalTunerFactory().Create(task, searchSpace, seed);
        }
    }
}
