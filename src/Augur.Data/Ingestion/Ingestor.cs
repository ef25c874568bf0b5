using System.Text.Json;
using System.Text.RegularExpressions;
using Augur.Data.Lineage;
using Augur.Data.Reading;

namespace Augur.Data.Ingestion;

/// <summary>Turns a file, a folder or a <c>.zip</c> of raw exports into clean JSONL tables plus schema, profile, rejects and lineage.</summary>
public sealed partial class Ingestor(IngestOptions options)
{
    private const string Supported = ".csv, .tsv, .txt or another delimited text, .json, .jsonl (optionally .gz), .xlsx, .xls, .parquet or .zip";

    /// <summary>The column naming the file each row came from, in a table read from several files with the same columns.</summary>
    public const string SourceFileColumn = ConcatRowSource.SourceFileColumn;

    public IngestOptions Options { get; } = options;

    /// <summary>
    /// Ingests one file (a workbook gives one table per sheet, named <c>file_sheet</c>), or every supported file of a
    /// folder or zip archive (not subfolders of a folder). In a folder, files whose columns are the same (same names,
    /// same order) become one table with a <c>_source_file</c> column; a file that cannot be used is listed in
    /// <see cref="IngestSummary.Skipped"/> with the reason.
    /// </summary>
    /// <exception cref="IngestException">The input is unusable; the message names the file (and row/column when known).</exception>
    public async Task<IngestSummary> IngestAsync(string inputPath, string outputDirectory, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(inputPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        var skipped = new List<SkippedFile>();
        // Archives expand next to the output, not in the shared temp folder: the platform's output is a private scratch
        // folder that is cleared after a crash, and plain customer data must not be left where other users can read it.
        var scratch = Path.Combine(outputDirectory, $".unzip-{Guid.NewGuid():N}");
        try
        {
            var (files, many) = Collect(inputPath, scratch, skipped, cancellationToken);
            Directory.CreateDirectory(outputDirectory);
            var opened = new List<(string Name, SourceFile File, IRowSource Rows)>();
            foreach (var file in files)
            {
                try
                {
                    opened.AddRange(Guard(file, () => RowSources.Open(file, Options, cancellationToken, deferUtf8Check: true)).Select(t => (t.Name, file, t.Rows)));
                }
                catch (IngestException ex) when (many)
                {
                    skipped.Add(new SkippedFile(file.Label, ex.Message));
                }
            }

            var tables = new List<IngestedTable>();
            var lineage = new List<TableLineage>();
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var groups = many ? GroupBySchema(opened) : [.. opened.Select(o => new List<(string, SourceFile, IRowSource)> { o })];
            for (var g = 0; g < groups.Count; g++)
            {
                var group = groups[g];
                var name = UniqueName(names, opened.Count == 1 && Options.TableName is not null ? Options.TableName : GroupName(group));
                try
                {
                    var parts = group.Select(item => (item.File, item.Rows)).ToList();
                    var (table, tableLineage) = await GuardAsync(group[0].File, async () =>
                    {
                        try
                        {
                            return await new TableIngestion(parts, name, Options).RunAsync(outputDirectory, cancellationToken);
                        }
                        catch
                        {
                            // No half-written table is left behind: a skipped file's rows, or a JSONL without its schema.
                            foreach (var file in TableIngestion.OutputFiles(outputDirectory, name))
                            {
                                File.Delete(file);
                            }

                            throw;
                        }
                    });
                    tables.Add(table with { Sources = [.. group.Select(item => item.File.Label).Distinct()] });
                    lineage.Add(tableLineage);
                }
                catch (IngestException) when (many && group.Count > 1)
                {
                    names.Remove(name);
                    // One bad file must not sink its siblings: read each on its own, so each gets its own reason.
                    groups.InsertRange(g + 1, group.Select(item => new List<(string, SourceFile, IRowSource)> { item }));
                }
                catch (IngestException ex) when (many)
                {
                    skipped.Add(new SkippedFile(group[0].File.Label, ex.Message));
                }
            }

            if (tables.Count == 0)
            {
                var detail = skipped.Count > 0 ? $": {skipped[0].Path}: {skipped[0].Reason}" : "";
                throw new IngestException($"{inputPath}: holds no usable table ({skipped.Count} skipped){detail}") { File = inputPath };
            }

            await using (var stream = File.Create(Path.Combine(outputDirectory, "lineage.json")))
            {
                await JsonSerializer.SerializeAsync(stream, new LineageDocument(lineage), AugurJson.Options, cancellationToken);
            }

            return new IngestSummary(tables, skipped);
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    /// <summary>The files to read, and whether the input is a collection (folder or zip) whose bad files are skipped rather than fatal.</summary>
    private (List<SourceFile> Files, bool Many) Collect(string inputPath, string scratch, List<SkippedFile> skipped, CancellationToken cancellationToken)
    {
        if (Directory.Exists(inputPath))
        {
            var files = new List<SourceFile>();
            foreach (var path in Directory.EnumerateFiles(inputPath).Order(StringComparer.Ordinal))
            {
                if (ArchiveExtractor.IsZip(path))
                {
                    try
                    {
                        files.AddRange(ArchiveExtractor.Extract(path, path, Path.Combine(scratch, files.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)), Options, skipped, cancellationToken));
                    }
                    catch (IngestException ex)
                    {
                        skipped.Add(new SkippedFile(path, ex.Message));
                    }
                }
                else if (SourceFile.TryCreateOrSniff(path) is { } source)
                {
                    files.Add(source);
                }
                else
                {
                    skipped.Add(new SkippedFile(path, "unsupported file type"));
                }
            }

            return (files, true);
        }

        if (!File.Exists(inputPath))
        {
            throw new IngestException($"{inputPath}: no such file or folder.") { File = inputPath };
        }

        if (ArchiveExtractor.IsZip(inputPath))
        {
            return (ArchiveExtractor.Extract(inputPath, inputPath, scratch, Options, skipped, cancellationToken), true);
        }

        var single = SourceFile.TryCreateOrSniff(inputPath)
            ?? throw new IngestException($"{inputPath}: unsupported file type (expected {Supported}).") { File = inputPath };
        return ([single], false);
    }

    /// <summary>Files whose columns are known before reading and identical (names and order) share a table; the rest stand alone.</summary>
    private static List<List<(string Name, SourceFile File, IRowSource Rows)>> GroupBySchema(List<(string Name, SourceFile File, IRowSource Rows)> opened)
    {
        var groups = new List<List<(string, SourceFile, IRowSource)>>();
        var byKey = new Dictionary<string, List<(string, SourceFile, IRowSource)>>(StringComparer.Ordinal);
        foreach (var item in opened)
        {
            // Without a header the names are only positions (column_1…): equal widths say nothing about equal meaning.
            var positional = item.Rows.Columns.Select((c, i) => c == ColumnNames.Positional(i)).All(p => p);
            if (!item.Rows.ColumnsKnownUpFront || item.Rows.Columns.Count == 0 || positional)
            {
                groups.Add([item]);
                continue;
            }

            var key = string.Join('\u001f', item.Rows.Columns);
            if (byKey.TryGetValue(key, out var group))
            {
                group.Add(item);
            }
            else
            {
                byKey[key] = group = [item];
                groups.Add(group);
            }
        }

        return groups;
    }

    /// <summary>One file keeps its name; files concatenated get their common stem (<c>sales_2024-01</c>, <c>sales_2024-02</c> → <c>sales</c>).</summary>
    private static string GroupName(List<(string Name, SourceFile File, IRowSource Rows)> group)
    {
        if (group.Count == 1)
        {
            return group[0].Name;
        }

        var prefix = group[0].Name;
        foreach (var (name, _, _) in group)
        {
            var n = 0;
            while (n < prefix.Length && n < name.Length && prefix[n] == name[n])
            {
                n++;
            }

            prefix = prefix[..n];
        }

        // Cut back to a word boundary shared by every name ("adult-train", "adult-test" → "adult", not "adult-t").
        while (prefix.Length > 0 && group.Any(g => g.Name.Length > prefix.Length && char.IsLetterOrDigit(g.Name[prefix.Length]) && char.IsLetterOrDigit(prefix[^1])))
        {
            prefix = prefix[..^1];
        }

        prefix = prefix.TrimEnd('_', '-', ' ', '.', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
        return prefix.Length > 0 ? prefix : group[0].Name;
    }

    private static T Guard<T>(SourceFile source, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is not (IngestException or OperationCanceledException or OutOfMemoryException))
        {
            throw Unreadable(source, ex);
        }
    }

    private static async Task<T> GuardAsync<T>(SourceFile source, Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception ex) when (ex is not (IngestException or OperationCanceledException or OutOfMemoryException))
        {
            throw Unreadable(source, ex);
        }
    }

    // Bad content surfaces from deep inside decoders and parsers (gzip, JSON, CSV, Excel, Parquet); the caller gets one line naming the file.
    private static IngestException Unreadable(SourceFile source, Exception ex) =>
        new($"{source.Label}: could not be read: {ex.Message.ReplaceLineEndings(" ")}", ex) { File = source.Label };

    private static string UniqueName(HashSet<string> taken, string raw)
    {
        var name = UnsafeCharacters().Replace(raw, "_");
        name = name.Length == 0 ? "table" : name;
        var candidate = name;
        for (var n = 2; !taken.Add(candidate); n++)
        {
            candidate = $"{name}_{n}";
        }

        return candidate;
    }

    [GeneratedRegex("[^A-Za-z0-9_-]")]
    private static partial Regex UnsafeCharacters();
}
