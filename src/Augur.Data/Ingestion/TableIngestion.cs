using System.Runtime.CompilerServices;
using System.Text.Json;
using Augur.Data.Inference;
using Augur.Data.Lineage;
using Augur.Data.Profiling;
using Augur.Data.Reading;
using Augur.Data.Schema;

namespace Augur.Data.Ingestion;

/// <summary>
/// One source file to one table, in two streamed passes: pass 1 reads every row to infer types (and count values);
/// pass 2 reads again and writes typed JSONL, rejects and the profile. Both passes normalise values and drop
/// duplicates the same way, so they see the same rows. Memory is bounded: duplicate rows are found by
/// <see cref="DuplicateRows"/> (in memory up to a cap, then on disk), and per-column value counts are capped.
/// A large plain UTF-8 CSV is read in two halves at once, one per core (<c>TableIngestion.Halves.cs</c>); another large
/// CSV (gzipped, or in another encoding) is read on a second thread while this one infers and writes, in row order
/// (<see cref="RowPipeline"/>, see <see cref="IngestOptions.ParallelFromBytes"/>). Either way the rows, types and rejects
/// are those one thread finds.
/// The methods that run for every row or cell are marked <see cref="MethodImplOptions.AggressiveOptimization"/>: a cold
/// process otherwise runs them as unoptimised, then instrumented code for its first second or so while the runtime's
/// background compiler, starved by the two busy halves, catches up: without it a 10 MB file took 1.3 s, not 0.8 s; in
/// exchange they miss profile-guided optimisation, about a tenth more CPU at 1 GB (docs/benchmarks.md).
/// </summary>
internal sealed partial class TableIngestion(IReadOnlyList<(SourceFile File, IRowSource Rows)> parts, string name, IngestOptions options)
{
    private static readonly string[] OutputSuffixes = [".jsonl", ".schema.json", ".profile.json", ".rejects.jsonl"];

    private readonly IRowSource rows = parts.Count == 1 ? parts[0].Rows : new ConcatRowSource(parts);

    /// <summary>Pass 1 hashes every row to find exact duplicates; off when they are kept.</summary>
    private bool findDuplicates = options.Duplicates != DuplicatePolicy.Keep;

    /// <summary>Exact duplicate rows kept among the rows written (<see cref="DuplicatePolicy.KeepWithoutIdentifier"/>).</summary>
    private long duplicatesKept;

    public async Task<(IngestedTable Table, TableLineage Lineage)> RunAsync(string outputDirectory, CancellationToken cancellationToken)
    {
        // A large file's SHA-256 (for lineage) is computed on the second core while the passes run, not after them.
        var early = parts.Sum(p => new FileInfo(p.File.Path).Length) >= options.ParallelFromBytes
            ? parts.Select(p => Task.Run(() => p.File.FingerprintAsync(cancellationToken), cancellationToken)).ToList()
            : null;
        var (columns, counts, found, split) = await InferAsync(rows, cancellationToken);
        if (rows.Columns.Count == 0)
        {
            found?.Dispose();
            split?.Dispose();
            throw new IngestException($"{parts[0].File.Label}: the file has no columns.") { File = parts[0].File.Label };
        }

        var plans = rows.Columns.Select((n, i) => TypeInference.Decide(n, columns[i], counts.RowsOut, options.ColumnTypes)).ToList();
        if (counts.Duplicates > 0 && KeepsRepeats(plans))
        {
            // Types were decided on distinct rows (where an identifier is unique), and stay so; pass 1 reads every row
            // again for the counts the profile shows.
            found?.Dispose();
            split?.Dispose();
            duplicatesKept = counts.Duplicates;
            findDuplicates = false;
            var decided = new Dictionary<string, ColumnType>(StringComparer.Ordinal);
            foreach (var plan in plans)
            {
                decided.TryAdd(plan.Name, plan.Type);
            }

            (columns, counts, found, split) = await InferAsync(rows, cancellationToken);
            plans = [.. rows.Columns.Select((n, i) => TypeInference.Decide(n, columns[i], counts.RowsOut, decided))];
        }

        using var duplicates = found;
        using var halves = split;
        var cleaning = new List<string>();
        for (var i = 0; i < plans.Count; i++)
        {
            if (plans[i].Type == ColumnType.Categorical && CategoryMerger.Find(columns[i].Counts) is { Count: > 0 } merges)
            {
                plans[i] = plans[i] with { Merges = merges };
                foreach (var target in merges.GroupBy(m => m.Value).Take(20))
                {
                    cleaning.Add($"merge case/whitespace variants in column '{plans[i].Name}': {string.Join(", ", target.Select(m => $"'{m.Key}'"))} → '{target.Key}'");
                }
            }
        }

        // A column with no value anywhere carries nothing; it is dropped (and named) unless a person typed it.
        int[] kept = [.. Enumerable.Range(0, plans.Count).Where(i => columns[i].NonMissing > 0 || counts.RowsOut == 0 || (options.ColumnTypes?.ContainsKey(plans[i].Name) ?? false))];
        if (kept.Length < plans.Count)
        {
            cleaning.Add($"drop empty columns: {string.Join(", ", Enumerable.Range(0, plans.Count).Except(kept).Select(i => $"'{plans[i].Name}'"))}");
        }

        if (kept.Length == 0)
        {
            throw new IngestException($"{parts[0].File.Label}: every column is empty.") { File = parts[0].File.Label };
        }

        RowCounts written;
        List<ColumnProfiler> profilers;
        var appended = Task.CompletedTask;
        if (halves is null)
        {
            (written, profilers) = await WriteAsync(rows, plans, kept, duplicates, outputDirectory, cancellationToken);
        }
        else
        {
            (written, profilers, appended) = await WriteHalvesAsync((CsvRowSource)rows, halves, plans, kept, outputDirectory, cancellationToken);
        }

        try
        {
            if (written != counts)
            {
                throw Changed();
            }

            var described = await DescribeAsync(plans, kept, columns, counts, profilers, cleaning, halves is not null, early, outputDirectory, cancellationToken);
            await appended; // a failure here leaves a partial table, which the caller removes (Ingestor)
            return described;
        }
        finally
        {
            await Task.WhenAny(appended); // never leave the append running, whatever failed
            _ = appended.Exception; // observed, when the describing failed first
        }
    }

    /// <summary>Every file a table named <paramref name="name"/> writes, for removing a table that failed part way.</summary>
    public static IEnumerable<string> OutputFiles(string outputDirectory, string name)
    {
        foreach (var suffix in OutputSuffixes)
        {
            yield return Path.Combine(outputDirectory, name + suffix);
            yield return Path.Combine(outputDirectory, name + suffix + SecondHalfSuffix);
        }
    }

    /// <summary>After pass 2: the schema and profile files, and the table's summary and lineage.</summary>
    private async Task<(IngestedTable Table, TableLineage Lineage)> DescribeAsync(
        List<ColumnPlan> plans,
        int[] kept,
        List<ColumnAccumulator> columns,
        RowCounts counts,
        List<ColumnProfiler> profilers,
        List<string> cleaning,
        bool readInHalves,
        List<Task<(string Sha256, long Bytes)>>? early,
        string outputDirectory,
        CancellationToken cancellationToken)
    {
        var schema = new TableSchema(counts.RowsOut, [.. kept.Select(i => plans[i].ToSchema())]);
        var schemaPath = Path.Combine(outputDirectory, $"{name}.schema.json");
        await schema.SaveAsync(schemaPath, cancellationToken);

        var profile = new TableProfile(name, counts.RowsOut, [.. profilers.Select((p, k) => p.Build(columns[kept[k]], counts.RowsOut))]);
        await using (var stream = File.Create(Path.Combine(outputDirectory, $"{name}.profile.json")))
        {
            await JsonSerializer.SerializeAsync(stream, profile, AugurJson.Options, cancellationToken);
        }

        var table = new IngestedTable(
            name, JsonlPath(outputDirectory), schemaPath, schema,
            counts.RowsIn, counts.RowsOut, counts.Duplicates, counts.Rejected, counts.RepeatedHeaders)
        {
            ReadInHalves = readInHalves,
            DuplicatesKept = duplicatesKept,
        };
        var sources = new List<SourceLineage>();
        for (var p = 0; p < parts.Count; p++)
        {
            var (file, reader) = parts[p];
            var (sha256, bytes) = early is null ? await file.FingerprintAsync(cancellationToken) : await early[p];
            sources.Add(new SourceLineage(file.Label == file.Path ? Path.GetFullPath(file.Path) : file.Label, sha256, bytes, reader.Description));
        }

        var lineage = new TableLineage(
            name,
            sources,
            [.. Steps(plans), .. cleaning],
            counts.RowsIn,
            counts.RowsOut,
            counts.Duplicates,
            counts.Rejected,
            counts.RepeatedHeaders)
        {
            DuplicatesKept = duplicatesKept,
        };
        return (table, lineage);
    }

    private List<string> Steps(List<ColumnPlan> plans)
    {
        var first = parts[0];
        var steps = new List<string>();
        if (first.File.IsGzip)
        {
            steps.Add("decompress gzip");
        }

        if (first.Rows.Description.TryGetValue("encoding", out var encoding))
        {
            steps.Add($"decode text as {encoding}");
        }

        var format = first.File.Format.ToString().ToLowerInvariant();
        steps.Add($"parse {format}; rows that do not fit, and summary rows such as 'Total', go to {name}.rejects.jsonl");
        if (parts.Any(p => p.Rows.Description.TryGetValue("preambleLinesSkipped", out var n) && n != "0"))
        {
            steps.Add("skip the title or comment lines above the header (see each source's preambleLinesSkipped)");
        }

        if (parts.Count > 1)
        {
            steps.Add($"concatenate {parts.Count} files with the same columns, adding {ConcatRowSource.SourceFileColumn}");
        }

        steps.AddRange(
        [
            "drop header rows repeated inside the data, and count them",
            "trim whitespace",
            "normalise missing tokens (\"\", NA, N/A, null, None, -, ?, #N/A, NaN) to null",
            DuplicateStep(plans),
            "infer column types over every row",
            $"write typed rows to {name}.jsonl",
        ]);
        return steps;
    }

    /// <summary>
    /// <see cref="DuplicatePolicy.KeepWithoutIdentifier"/>'s rule: a table read from one file in which no column
    /// identifies a row keeps its repeats.
    /// </summary>
    private bool KeepsRepeats(List<ColumnPlan> plans) =>
        options.Duplicates == DuplicatePolicy.KeepWithoutIdentifier && parts.Count == 1 && !plans.Any(p => p.Role == ColumnRole.Identifier);

    private string DuplicateStep(List<ColumnPlan> plans) => options.Duplicates switch
    {
        DuplicatePolicy.Keep => "keep exact duplicate rows",
        DuplicatePolicy.KeepWithoutIdentifier when KeepsRepeats(plans) =>
            $"keep exact duplicate rows ({duplicatesKept:N0}): no column identifies a row, so they are repeated observations",
        DuplicatePolicy.KeepWithoutIdentifier when plans.Any(p => p.Role == ColumnRole.Identifier) =>
            "drop exact duplicate rows: a column identifies each row, so a repeat is the same record twice",
        DuplicatePolicy.KeepWithoutIdentifier =>
            "drop exact duplicate rows: in files joined into one table, a repeat is the same record in two overlapping exports",
        _ => "drop exact duplicate rows",
    };

    private async Task<(List<ColumnAccumulator>, RowCounts, DuplicateRows?, Halves?)> InferAsync(IRowSource rows, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                if (SplittableCsv() is { } splittable && InferHalves(splittable, cancellationToken) is var (halfColumns, halfCounts, halves))
                {
                    return (halfColumns, halfCounts, null, halves);
                }
            }
            catch (EncodingChangedException)
            {
                continue; // the file is not UTF-8 after all: no halves now
            }

            // Nothing at all when duplicates are kept (scoring), which also saves its memory.
            var duplicates = findDuplicates ? new DuplicateRows(expectedRows: rows is CsvRowSource csv ? csv.EstimatedRows : 0) : null;
            try
            {
                var (columns, counts) = await InferOnceAsync(rows, rows.DecimalCommaPossible, duplicates, options.ParallelFromBytes, cancellationToken);
                counts.Late(duplicates?.Resolve(cancellationToken) ?? 0);
                return (columns, counts, duplicates, null);
            }
            catch (EncodingChangedException)
            {
                // A file assumed UTF-8 from its sample is not; its reader switched code page: start again.
                duplicates?.Dispose();
            }
            catch
            {
                duplicates?.Dispose();
                throw;
            }
        }
    }

    private static async Task<(List<ColumnAccumulator>, RowCounts)> InferOnceAsync(
        IRowSource rows, bool allowDecimalComma, DuplicateRows? duplicates, long parallelFromBytes, CancellationToken cancellationToken)
    {
        var columns = new List<ColumnAccumulator>();
        var counts = new RowCounts();
        // Files read as one table: the same row in two of them (overlapping exports) is a repeat, whichever file it is in.
        var hashWidth = rows is ConcatRowSource ? rows.Columns.Count - 1 : int.MaxValue;
        // Duplicates are found on the reading thread (when there is one) and the columns observed on this one.
        await RowStream.ForEachAsync(
            rows,
            (record, cells, _) => Accept(record, cells, duplicates, firstPass: true, counts, hashWidth),
            (record, cells, accepted) =>
            {
                if (!accepted)
                {
                    return;
                }

                // Also as many as the row has cells: a reading thread may already have switched the encoding and
                // sniffed again (fewer columns) while this thread still sees earlier rows, which are then discarded.
                while (columns.Count < Math.Max(rows.Columns.Count, cells!.Count))
                {
                    columns.Add(new ColumnAccumulator(allowDecimalComma, rows.Columns.Count));
                }

                Observe(columns, cells);
            },
            parallelFromBytes,
            cancellationToken);

        while (columns.Count < rows.Columns.Count)
        {
            columns.Add(new ColumnAccumulator(allowDecimalComma, rows.Columns.Count));
        }

        return (columns, counts);
    }

    private async Task<(RowCounts, List<ColumnProfiler>)> WriteAsync(
        IRowSource rows, List<ColumnPlan> plans, int[] kept, DuplicateRows? duplicates, string outputDirectory, CancellationToken cancellationToken)
    {
        var profilers = kept.Select(i => new ColumnProfiler(plans[i])).ToList();
        var typed = new TypedRowWriter(plans, kept);
        var counts = new RowCounts();
        using var output = new TableOutput(JsonlPath(outputDirectory), RejectsPath(outputDirectory), parts[0].File.Label);
        Utf8JsonWriter? aheadWriter = null;
        var turns = 0L; // pass 2 on a reading thread: it writes every other row ahead
        try
        {
            await RowStream.ForEachAsync(
                rows,
                (record, cells, readingThread) =>
                {
                    if (!Accept(record, cells, duplicates, firstPass: false, counts))
                    {
                        return false;
                    }

                    // With a reading thread of its own, it also writes every other row's JSON: that balances the
                    // two threads (tokenising alone is about a third of pass 2).
                    if (readingThread && (turns++ & 1) == 0)
                    {
                        aheadWriter ??= new Utf8JsonWriter(cells!.Json!.Bytes, TableOutput.JsonOptions);
                        typed.WriteAhead(aheadWriter, cells!, cells!.Json!);
                    }
                    else
                    {
                        cells!.JsonStart = -1;
                    }

                    return true;
                },
                (record, cells, accepted) => Write(output, typed, profilers, record, cells, accepted),
                options.ParallelFromBytes,
                cancellationToken);
        }
        finally
        {
            aheadWriter?.Dispose();
        }

        output.Complete();
        return (counts, profilers);
    }

    /// <summary>Pass 1's look at one valid row: each present value goes to its column's accumulator.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Observe(List<ColumnAccumulator> columns, RowCells cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (!cells.IsMissing(i))
            {
                columns[i].Observe(cells[i]);
            }
        }
    }

    /// <summary>Pass 2's verdict on one record put into the output: the row, a reject, or nothing (a duplicate, a repeated header).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Write(TableOutput output, TypedRowWriter typed, List<ColumnProfiler> profilers, SourceRecord record, RowCells? cells, bool accepted)
    {
        if (!accepted)
        {
            if (cells is null && !record.IsRepeatedHeader)
            {
                output.Reject(record);
            }
        }
        else if (cells!.JsonStart >= 0)
        {
            output.Row(TypedRowWriter.Profile(cells, cells.Json!, profilers));
        }
        else
        {
            output.Row(typed, cells, profilers);
        }
    }

    private string JsonlPath(string outputDirectory) => Path.Combine(outputDirectory, $"{name}.jsonl");

    private string RejectsPath(string outputDirectory) => Path.Combine(outputDirectory, $"{name}.rejects.jsonl");

    /// <summary>Counts the record and says whether it is a new, valid row (its <paramref name="cells"/> are trimmed and its missing tokens marked).</summary>
    /// <remarks>
    /// Pass 1 hashes the row for <paramref name="duplicates"/>; pass 2 asks for the verdict by the row's ordinal among
    /// valid rows, which both passes count the same way.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Accept(SourceRecord record, RowCells? cells, DuplicateRows? duplicates, bool firstPass, RowCounts counts, int hashWidth = int.MaxValue)
    {
        counts.RowsIn++;
        if (record.IsRepeatedHeader)
        {
            counts.RepeatedHeaders++;
            return false;
        }

        if (cells is null)
        {
            counts.Rejected++;
            return false;
        }

        if (duplicates is not null)
        {
            var ordinal = counts.RowsOut + counts.Duplicates;
            var duplicate = firstPass ? duplicates.Observe(cells.Hash(hashWidth)) : duplicates.IsDuplicate(ordinal);
            if (duplicate)
            {
                counts.Duplicates++;
                return false;
            }
        }

        counts.RowsOut++;
        return true;
    }

    /// <summary>A class, not a struct: the passes' per-record callbacks update it, on the reading thread for a large file.</summary>
    private sealed record RowCounts
    {
        public long RowsIn { get; set; }

        public long RowsOut { get; set; }

        public long Duplicates { get; set; }

        public long Rejected { get; set; }

        public long RepeatedHeaders { get; set; }

        /// <summary>Counts rows as duplicates that pass 1 first kept (found only once every row was hashed).</summary>
        public void Late(long duplicates)
        {
            Duplicates += duplicates;
            RowsOut -= duplicates;
        }

        /// <summary>Adds the counts of the rows after these (the second half of a file read in halves).</summary>
        public void Add(RowCounts later)
        {
            RowsIn += later.RowsIn;
            RowsOut += later.RowsOut;
            Duplicates += later.Duplicates;
            Rejected += later.Rejected;
            RepeatedHeaders += later.RepeatedHeaders;
        }
    }
}
