using System.IO.Compression;
using System.Text.Json;
using Augur.Data;
using Augur.Learning.Bundles;
using Augur.Learning.Search;
using Augur.Learning.Trainers;
using Microsoft.ML;

namespace Augur.Learning.Training;

/// <summary>
/// The models of one trial in a zip, written by a trial in a child process and read back by its worker. With them the
/// worker needs not fit a shipped member's last fold again, and it can serve the average of a member's fold models when
/// the refit on all rows does not fit in the budget, as with trials run in process. On wine-quality at 60 s, a worker
/// that fitted last folds again ran out of time to refit 2 of 4 members (docs/benchmarks.md).
/// </summary>
public static class TrialModelArchive
{
    private const string ContentsEntry = "contents.json";

    internal static async Task<bool> WriteAsync(CrossValidationTrialRunner runner, TrialRun run, string path, CancellationToken cancellationToken)
    {
        // Every fold's model on k-fold trials; the one model of a holdout (or time) split otherwise.
        IReadOnlyList<ITransformer> models = run.FoldModels.Count > 0 ? run.FoldModels : run.Model is { } model ? [model] : [];
        if (models.Count == 0)
        {
            return false;
        }

        var ml = new MLContext();
        var input = runner.InputSchema(ml);
        await using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        for (var i = 0; i < models.Count; i++)
        {
            await TransformerZip.WriteAsync(zip, i, ml, models[i], input, CompressionLevel.NoCompression, cancellationToken).ConfigureAwait(false);
        }

        await using var contents = zip.CreateEntry(ContentsEntry).Open();
        await JsonSerializer.SerializeAsync(contents, new Contents(runner.Task, models.Count), AugurJson.Compact, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>The run with the models of the archive at <paramref name="path"/>: the last as its model, and all of them as its fold models when there are several.</summary>
    /// <exception cref="InvalidDataException">The file is not such an archive.</exception>
    public static async Task<TrialRun> ReadAsync(TrialRun run, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await using var file = File.OpenRead(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Read);
        var entry = zip.GetEntry(ContentsEntry) ?? throw new InvalidDataException($"{path} holds no trial models.");
        Contents contents;
        await using (var stream = entry.Open())
        {
            contents = await JsonSerializer.DeserializeAsync<Contents>(stream, AugurJson.Compact, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"{path} holds no trial models.");
        }

        if (contents.Models < 1)
        {
            throw new InvalidDataException($"{path} holds no trial models.");
        }

        var ml = new MLContext();
        var models = new List<ITransformer>();
        for (var i = 0; i < contents.Models; i++)
        {
            models.Add(await TransformerZip.ReadAsync(zip, i, ml, contents.Task, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"{path} has no {TransformerZip.ModelEntry(i)}."));
        }

        // Several models are a k-fold trial's, one per fold (CrossValidationTrialRunner keeps them from 2 folds up); one
        // is a holdout's.
        return run with { Model = models[^1], FoldModels = models.Count > 1 ? models : [] };
    }

    /// <param name="Task">What the models predict (a forest is read back for its task).</param>
    /// <param name="Models">How many models, in fold order.</param>
    private sealed record Contents(TaskKind Task, int Models);
}
