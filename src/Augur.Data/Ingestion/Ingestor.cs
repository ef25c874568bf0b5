using System.Text.Json;
using System.Text.RegularExpressions;
using Augur.Data.Lineage;
using Augur.Data.Reading;

namespace Augur.Data.Ingestion;

/// <summary>Turns a file (or folder) of raw exports into clean JSONL tables plus schema, profile, rejects and lineage.</summary>
public sealed partial class Ingestor(IngestOptions options)
{
    public IngestOptions Options { get; } = options;

    /// <summary>
    /// Ingests one file as one table, or each supported file of a folder (not its subfolders) as its own table.
    /// In a folder, a file that cannot be used is listed in <see cref="IngestSummary.Skipped"/> with the reason.
    /// </summary>
    /// <exception cref="IngestException">The input is unusable; the message names the file (and row/column when known).</exception>
    public async Task<IngestSummary> IngestAsync(string inputPath, string outputDirectory, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(inputPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        var tables = new List<IngestedTable>();
        var lineage = new List<TableLineage>();
        var skipped = new List<SkippedFile>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        if (Directory.Exists(inputPath))
        {
            Directory.CreateDirectory(outputDirectory);
            foreach (var path in Directory.EnumerateFiles(inputPath).Order(StringComparer.Ordinal))
            {
                var source = SourceFile.TryCreate(path);
                if (source is null)
                {
                    skipped.Add(new SkippedFile(path, "unsupported file type"));
                    continue;
                }

                try
                {
                    var (table, tableLineage) = await IngestFileAsync(source, UniqueName(names, source.BaseName), outputDirectory, cancellationToken);
                    tables.Add(table);
                    lineage.Add(tableLineage);
                }
                catch (IngestException ex)
                {
                    skipped.Add(new SkippedFile(path, ex.Message));
                }
            }

            if (tables.Count == 0)
            {
                throw new IngestException($"{inputPath}: the folder holds no usable file ({skipped.Count} skipped).") { File = inputPath };
            }
        }
        else if (File.Exists(inputPath))
        {
            var source = SourceFile.TryCreate(inputPath)
                ?? throw new IngestException($"{inputPath}: unsupported file type (expected .csv, .tsv, .txt, .json, .jsonl, optionally .gz).") { File = inputPath };
            Directory.CreateDirectory(outputDirectory);
            var (table, tableLineage) = await IngestFileAsync(source, UniqueName(names, Options.TableName ?? source.BaseName), outputDirectory, cancellationToken);
            tables.Add(table);
            lineage.Add(tableLineage);
        }
        else
        {
            throw new IngestException($"{inputPath}: no such file or folder.") { File = inputPath };
        }

        await using (var stream = File.Create(Path.Combine(outputDirectory, "lineage.json")))
        {
            await JsonSerializer.SerializeAsync(stream, new LineageDocument(lineage), AugurJson.Options, cancellationToken);
        }

        return new IngestSummary(tables, skipped);
    }

    private async Task<(IngestedTable, TableLineage)> IngestFileAsync(
        SourceFile source, string name, string outputDirectory, CancellationToken cancellationToken)
    {
        try
        {
            return await new TableIngestion(source, name, Options).RunAsync(outputDirectory, cancellationToken);
        }
        catch (Exception ex) when (ex is not (IngestException or OperationCanceledException or OutOfMemoryException))
        {
            // Bad content surfaces from deep inside decoders and parsers (gzip, JSON, CSV); the caller gets one line naming the file.
            var reason = ex.Message.ReplaceLineEndings(" ");
            throw new IngestException($"{source.Path}: could not be read: {reason}", ex) { File = source.Path };
        }
    }

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
