using System.IO.Compression;
using Augur.Platform.Storage;

namespace Augur.Platform.Datasets;

/// <summary>
/// Several files uploaded at once travel as one zip: a zip is already read like a folder (files with the same columns
/// become one table with a <c>_source_file</c> column; unusable files are skipped with a reason), so one path serves both.
/// The zip holds the customer's plain data until it is stored (encrypted), so it lives in the store's private scratch
/// area like every other working copy (a crash leaves nothing in /tmp: scratch is cleared at start); it is deleted when
/// the stream closes.
/// </summary>
public static class UploadBundle
{
    /// <param name="path">Where the zip goes: a file in a <see cref="WorkFolder"/> (it is deleted when the stream closes).</param>
    public static async Task<Stream> ZipAsync(string path, IReadOnlyList<(string FileName, Func<Stream> Open)> files, CancellationToken cancellationToken)
    {
        var bundle = new FileStream(
            path,
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        try
        {
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            await using (var zip = new ZipArchive(bundle, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var (fileName, open) in files)
                {
                    var name = DatasetService.SafeFileName(fileName);
                    for (var n = 2; !names.Add(name); n++)
                    {
                        name = $"{Path.GetFileNameWithoutExtension(DatasetService.SafeFileName(fileName))}_{n}{Path.GetExtension(fileName)}";
                    }

                    var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
                    await using var target = await entry.OpenAsync(cancellationToken);
                    await using var source = open();
                    await source.CopyToAsync(target, cancellationToken);
                }
            }

            bundle.Position = 0;
            return bundle;
        }
        catch
        {
            await bundle.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The stored zip's file name: the first file's, plus how many came with it. Only the dataset page's "source" shows
    /// it; the datasets themselves are named after their tables (see <see cref="DatasetService.UploadFilesAsync"/>).
    /// </summary>
    public static string Name(IReadOnlyList<string> fileNames) =>
        $"{Path.GetFileNameWithoutExtension(DatasetService.SafeFileName(fileNames[0]))}-and-{fileNames.Count - 1}-more.zip";
}
