using System.IO.Compression;
using Augur.Learning.Trainers.Forest;
using Augur.Learning.Training;
using Microsoft.ML;

namespace Augur.Learning.Bundles;

/// <summary>
/// One fitted pipeline as entries of a zip archive: what ML.NET saves, and beside it an extra-trees forest, which ML.NET
/// cannot save (<see cref="ForestBundling"/>). Bundles store their models this way, and so does a trial in a child
/// process that hands its fold models back to its worker.
/// </summary>
internal static class TransformerZip
{
    /// <param name="compression">How hard to squeeze the entries: ML.NET's part is a zip already, so a file that lives
    /// for one trial is better left uncompressed.</param>
    public static async Task WriteAsync(
        ZipArchive zip, string modelEntry, string forestEntry, MLContext ml, ITransformer model, DataViewSchema input, CancellationToken cancellationToken, CompressionLevel compression = CompressionLevel.Fastest)
    {
        var (features, forest) = ForestBundling.Split(model);
        using var saved = new MemoryStream();
        ml.Model.Save(features, input, saved);
        await using (var entry = zip.CreateEntry(modelEntry, compression).Open())
        {
            saved.Position = 0;
            await saved.CopyToAsync(entry, cancellationToken).ConfigureAwait(false);
        }

        if (forest is not null)
        {
            await using var entry = zip.CreateEntry(forestEntry, compression).Open();
            forest.Model.Write(entry);
        }
    }

    /// <param name="modelEntry">What ML.NET saved.</param>
    /// <param name="forestEntry">The forest beside it, when the model ends in one.</param>
    public static async Task<ITransformer> ReadAsync(ZipArchiveEntry modelEntry, ZipArchiveEntry? forestEntry, MLContext ml, TaskKind task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(modelEntry);
        using var model = new MemoryStream();
        await using (var stream = modelEntry.Open())
        {
            await stream.CopyToAsync(model, cancellationToken).ConfigureAwait(false);
        }

        model.Position = 0;
        var loaded = ml.Model.Load(model, out _);
        if (forestEntry is not null)
        {
            await using var trees = forestEntry.Open();
            loaded = ForestBundling.Join(ml, task, loaded, trees);
        }

        return loaded;
    }
}
