using Augur.Learning.Search;
using Augur.Learning.Trainers;
using Augur.Learning.Training;
using Augur.Platform.Storage.Encryption;
using Augur.Platform.Training;
using Augur.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Augur.Platform.Tests;

/// <summary>A study's trials kept in the artifact store for the worker that finalises it: really trained, stored, read back, pruned.</summary>
public sealed class StudyTrialStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Stored_trials_read_back_whole_until_they_can_no_longer_be_finalists()
    {
        using var dir = new TempDirectory();
        var request = await SmallBundle.RequestAsync(dir.Path);
        var store = TestStore.Create(dir.Path);
        var trials = new StudyTrialStore(store, NullLogger<StudyTrialStore>.Instance);
        var (projectId, runId) = (Guid.NewGuid(), Guid.NewGuid());
        var space = TrainerCatalog.SearchSpace(TaskKind.Binary, 400).ToDictionary(s => s.Trainer);
        var lightGbm = new TrialSettings(1, TrainerCatalog.LightGbm, space[TrainerCatalog.LightGbm].Defaults());
        var fastTree = new TrialSettings(2, TrainerCatalog.FastTree, space[TrainerCatalog.FastTree].Defaults());
        var study = new StudyTrainer(TimeProvider.System);
        var runs = new Dictionary<int, TrialRun>();
        foreach (var settings in new[] { lightGbm, fastTree })
        {
            using var scratch = store.CreateWorkFolder();
            var trial = await study.RunTrialAsync(request, settings, scratch.File("models.zip"), None);
            Assert.True(trial.ModelsSaved, trial.Trial.FailureReason);
            await trials.SaveAsync(projectId, runId, settings.Number, trial.Run!, scratch.File("models.zip"), None);
            runs[settings.Number] = trial.Run!;
        }

        // Read back whole: the measurements, the out-of-fold predictions an ensemble needs, and every fold's model.
        var archive = trials.Archive(projectId, runId);
        var read = await archive.FindAsync(lightGbm, None);
        Assert.NotNull(read);
        Assert.Equal(runs[1].Metrics, read.Metrics);
        Assert.Equal(runs[1].OutOfFold!.Rows, read.OutOfFold!.Rows);
        Assert.Equal(runs[1].OutOfFold!.Predictions.SelectMany(p => p), read.OutOfFold.Predictions.SelectMany(p => p));
        Assert.NotNull(read.Model);
        Assert.Equal(runs[1].FoldModels.Count, read.FoldModels.Count);
        Assert.Null(await archive.FindAsync(lightGbm with { Number = 3 }, None));
        // Encrypted at rest, like every artifact.
        var folder = StudyTrialStore.FolderOf(projectId, runId);
        await using (var raw = File.OpenRead(store.LocationOf($"{folder}/1/models.zip")))
        {
            Assert.True(ArtifactCipher.IsEncrypted(raw));
        }

        // Eleven better LightGBM trials and one better FastTree: trial 1 is out of the candidates for good, while
        // trial 2 is still its trainer's second best.
        List<StudyTrial> ranked = [Succeeded(lightGbm, 0.2), Succeeded(fastTree, 0.3)];
        ranked.AddRange(Enumerable.Range(3, 11).Select(n => Succeeded(lightGbm with { Number = n }, 0.1)));
        ranked.Add(Succeeded(fastTree with { Number = 14 }, 0.15));
        trials.Prune(projectId, runId, ranked);
        Assert.Null(await archive.FindAsync(lightGbm, None));
        Assert.False(Directory.Exists(store.LocationOf($"{folder}/1")));
        Assert.NotNull(await archive.FindAsync(fastTree, None));

        // Damaged models are not served: finalising validates that trial again.
        await store.WriteAsync($"{folder}/2/models.zip", new MemoryStream("not a zip"u8.ToArray()), None);
        Assert.Null(await archive.FindAsync(fastTree, None));

        trials.Delete(projectId, runId);
        Assert.False(Directory.Exists(store.LocationOf(folder)));
    }

    private static StudyTrial Succeeded(TrialSettings settings, double loss) =>
        new(settings.Number, Augur.Learning.Training.TrialStatus.Succeeded, LostItsWorker: false, LeaseUntil: null, WorkerId: "node/1", settings, loss);
}
