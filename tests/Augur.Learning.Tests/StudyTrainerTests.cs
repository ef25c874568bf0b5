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
