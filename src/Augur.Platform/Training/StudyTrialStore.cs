using System.Text.Json;
using Augur.Learning.Search;
using Augur.Learning.Training;
using Augur.Platform.Storage;
using Microsoft.Extensions.Logging;

namespace Augur.Platform.Training;

/// <summary>
/// Where a study's workers keep their trials for the worker that finalises the study, which then needs not validate
/// them again (see <see cref="AutoTrainer.PastTrials"/>): each succeeded trial's measurements and out-of-fold predictions
/// (a <see cref="TrialResultFile"/>) and its models (<see cref="TrialModelArchive"/>), in the run's folder of the
/// artifact store, which every node of a cluster shares. Only trials that can still be finalists are kept
/// (<see cref="Prune"/>), and the folder goes when the study ends. Storing is best effort: a trial that is not stored, or
/// cannot be read back, is validated again when the study is finalised, as before.
/// </summary>
public sealed class StudyTrialStore(IArtifactStore store, ILogger<StudyTrialStore> logger)
{
    private const string ModelsFile = "models.zip";

    /// <summary>The folder of a run's stored trials.</summary>
    public static string FolderOf(Guid projectId, Guid runId) => $"projects/{projectId:N}/runs/{runId:N}/trials";

    /// <summary>Stores a succeeded trial whose models were written to <paramref name="modelsPath"/> (moved into the store).</summary>
    public async Task SaveAsync(Guid projectId, Guid runId, int number, TrialRun run, string modelsPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var folder = TrialFolder(projectId, runId, number);
        try
        {
            await store.CheckInAsync($"{folder}/{ModelsFile}", modelsPath, cancellationToken);
            // The result goes last: a trial counts as stored once its result is there.
            var result = TrialResultFile.From(run, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero) with { Models = ModelsFile };
            using var content = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(result, TrialResultFile.Json));
            await store.WriteAsync($"{folder}/result.json", content, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(ex, "Trial {TrialNumber} of run {RunId} could not be stored; finalising the study validates it again", number, runId);
            TryDelete(folder, runId);
        }
    }

    /// <summary>
    /// Deletes the stored trials that can no longer be finalists (<see cref="TrialSearch.Candidates"/> of the ranking). A
    /// trial only falls in the ranking as better ones come, so one that drops out never comes back.
    /// </summary>
    public void Prune(Guid projectId, Guid runId, IReadOnlyList<StudyTrial> trials)
    {
        var ranked = StudyTrial.Ranked(trials);
        var finalists = TrialSearch.Candidates(ranked, s => s.Trainer).Select(s => s.Number).ToHashSet();
        foreach (var settings in ranked.Where(s => !finalists.Contains(s.Number)))
        {
            TryDelete(TrialFolder(projectId, runId, settings.Number), runId);
        }
    }

    /// <summary>Deletes every stored trial of the run (the study ended).</summary>
    public void Delete(Guid projectId, Guid runId) => TryDelete(FolderOf(projectId, runId), runId);

    /// <summary>
    /// Deleting is housekeeping: a worker that cannot delete (a shared folder that is briefly unavailable) goes on with
    /// its study, and the folder is tried again at the next step or when the study ends.
    /// </summary>
    private void TryDelete(string folder, Guid runId)
    {
        try
        {
            store.DeleteTree(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(ex, "The stored trials in {Folder} of run {RunId} could not be deleted", folder, runId);
        }
    }

    /// <summary>The run's stored trials, as finalising reads them.</summary>
    public ITrialArchive Archive(Guid projectId, Guid runId) => new RunArchive(this, projectId, runId);

    private static string TrialFolder(Guid projectId, Guid runId, int number) => $"{FolderOf(projectId, runId)}/{number}";

    private async Task<TrialRun?> FindAsync(Guid projectId, Guid runId, int number, CancellationToken cancellationToken)
    {
        var folder = TrialFolder(projectId, runId, number);
        if (!store.Exists($"{folder}/result.json"))
        {
            return null;
        }

        try
        {
            TrialResultFile? result;
            await using (var stream = store.OpenRead($"{folder}/result.json"))
            {
                result = await JsonSerializer.DeserializeAsync<TrialResultFile>(stream, TrialResultFile.Json, cancellationToken);
            }

            if (result?.Models is null)
            {
                return null;
            }

            using var models = await store.CheckOutAsync($"{folder}/{result.Models}", cancellationToken);
            return await TrialModelArchive.ReadAsync(result.ToRun(), models.Path, cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or JsonException or FormatException or InvalidOperationException)
        {
            logger.LogWarning(ex, "Trial {TrialNumber} of run {RunId} could not be read back; finalising validates it again", number, runId);
            return null;
        }
    }

    private sealed class RunArchive(StudyTrialStore trials, Guid projectId, Guid runId) : ITrialArchive
    {
        public Task<TrialRun?> FindAsync(TrialSettings settings, CancellationToken cancellationToken) =>
            trials.FindAsync(projectId, runId, settings.Number, cancellationToken);
    }
}
