using System.IO.Compression;
using Augur.Data.Reading;

namespace Augur.Data.Ingestion;

/// <summary>
/// Unpacks a <c>.zip</c> into a scratch folder so its entries can be read like a folder's files. The expanded size
/// is counted byte by byte while copying, never taken from the archive's own headers, so a zip bomb is refused
/// at <see cref="IngestOptions.MaxArchiveBytes"/> whatever it claims.
/// </summary>
internal static class ArchiveExtractor
{
    public static bool IsZip(string path) => path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);

    /// <summary>Extracts every supported entry (others are listed in <paramref name="skipped"/>) under <paramref name="scratch"/>.</summary>
    public static List<SourceFile> Extract(string zipPath, string label, string scratch, IngestOptions options, List<SkippedFile> skipped, CancellationToken cancellationToken)
    {
        try
        {
            return ExtractEntries(zipPath, label, scratch, options, skipped, cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidDataException or NotSupportedException or ArgumentException or EndOfStreamException)
        {
            // A damaged archive fails wherever its directory or an entry is first touched; one line naming it either way.
            throw new IngestException($"{label}: not a readable zip archive ({ex.Message.ReplaceLineEndings(" ")})", ex) { File = label };
        }
    }

    private static List<SourceFile> ExtractEntries(string zipPath, string label, string scratch, IngestOptions options, List<SkippedFile> skipped, CancellationToken cancellationToken)
    {
        var files = new List<SourceFile>();
        long total = 0;
        using var archive = OpenArchive(zipPath, label);
        var entries = archive.Entries.Where(e => e.Name.Length > 0).ToList();
        if (entries.Count > options.MaxArchiveEntries)
        {
            throw new IngestException($"{label}: the archive holds {entries.Count} files, more than the limit of {options.MaxArchiveEntries}.") { File = label };
        }

        var buffer = new byte[1 << 16];
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var entryLabel = $"{label}/{entry.FullName}";
            if (entry.FullName.StartsWith("__MACOSX/", StringComparison.Ordinal) || entry.Name.StartsWith('.'))
            {
                continue; // Finder's resource forks and hidden files are not data anyone meant to send
            }

            var target = Path.Combine(scratch, i.ToString(System.Globalization.CultureInfo.InvariantCulture), entry.Name);
            if (IsZip(entry.Name) || SourceFile.TryCreate(target, entryLabel) is null)
            {
                skipped.Add(new SkippedFile(entryLabel, IsZip(entry.Name) ? "an archive inside an archive is not opened" : "unsupported file type"));
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using (var input = OpenEntry(entry, entryLabel))
            using (var output = File.Create(target))
            {
                int read;
                while ((read = Read(input, buffer, entryLabel)) > 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    total += read;
                    if (total > options.MaxArchiveBytes)
                    {
                        throw new IngestException(
                            $"{label}: expands to more than the limit of {options.MaxArchiveBytes:N0} bytes (reached in {entry.FullName}); refusing what may be a zip bomb.")
                        { File = label };
                    }

                    output.Write(buffer, 0, read);
                }
            }

            files.Add(SourceFile.TryCreate(target, entryLabel)!);
        }

        return files;
    }

    private static ZipArchive OpenArchive(string path, string label)
    {
        try
        {
            return ZipFile.OpenRead(path);
        }
        catch (InvalidDataException ex)
        {
            throw new IngestException($"{label}: not a readable zip archive ({ex.Message})", ex) { File = label };
        }
    }

    private static Stream OpenEntry(ZipArchiveEntry entry, string label)
    {
        try
        {
            return entry.Open();
        }
        catch (Exception ex) when (ex is InvalidDataException or NotSupportedException)
        {
            throw new IngestException($"{label}: cannot be unpacked ({ex.Message})", ex) { File = label };
        }
    }

    private static int Read(Stream input, byte[] buffer, string label)
    {
        try
        {
            return input.Read(buffer, 0, buffer.Length);
        }
        catch (InvalidDataException ex)
        {
            throw new IngestException($"{label}: the archive entry is corrupt ({ex.Message})", ex) { File = label };
        }
    }
}
