using System.IO.Compression;
using Augur.Learning.Trainers.Forest;
using Augur.Learning.Training;
using Microsoft.ML;

namespace Augur.Learning.Bundles;

/// <summary>
/// Fitted pipelines as entries of a zip archive, by index: what ML.NET saves (<see cref="ModelEntry"/>), and beside it an
/// extra-trees forest, which ML.NET cannot save (<see cref="ForestEntry"/>, see <see cref="ForestBundling"/>). Bundles
/// store their models this way, and so does a trial in a child process that hands its fold models back to its worker.
/// </summary>
internal static class TransformerZip
{
    /// <summary>The entry of model <paramref name="index"/> (the first is "model.zip", as in bundles from before ensembles).</summary>
    public static string ModelEntry(int index) => index == 0 ? "model.zip" : $"model-{index}.zip";

    /// <summary>The entry of model <paramref name="index"/>'s forest, when it ends in one.</summary>
    public static string ForestEntry(int index) => $"forest-{index}.bin";

    /// <param name="compression">How hard to squeeze the entries: ML.NET's part is a zip already, so a file that lives
    /// for one trial is better left uncompressed.</param>
    public static async Task WriteAsync(
        ZipArchive zip, int index, MLContext ml, ITransformer model, DataViewSchema input, CompressionLevel compression, CancellationToken cancellationToken)
    {
        var (features, forest) = ForestBundling.Split(model);
        using var saved = new MemoryStream();
        ml.Model.Save(features, input, saved);
        await using (var entry = zip.CreateEntry(ModelEntry(index), compression).Open())
        {
            saved.Position = 0;
            await saved.CopyToAsync(entry, cancellationToken).ConfigureAwait(false);
        }

        if (forest is not null)
        {
            await using var entry = zip.CreateEntry(ForestEntry(index), compression).Open();
            forest.Model.Write(entry);
        }
    }

    /// <summary>Model <paramref name="index"/>, or null when the archive has no such entry.</summary>
    public static async Task<ITransformer?> ReadAsync(ZipArchive zip, int index, MLContext ml, TaskKind task, CancellationToken cancellationToken)
    {
        if (zip.GetEntry(ModelEntry(index)) is not { } entry)
        {
            return null;
        }

        using var model = new MemoryStream();
        await using (var stream = entry.Open())
        {
            await stream.CopyToAsync(model, cancellationToken).ConfigureAwait(false);
        }

        model.Position = 0;
        var loaded = ml.Model.Load(model, out _);
        if (zip.GetEntry(ForestEntry(index)) is { } forest)
        {
            await using var trees = forest.Open();
            loaded = ForestBundling.Join(ml, task, loaded, trees);
        }

        return loaded;
    }
}
