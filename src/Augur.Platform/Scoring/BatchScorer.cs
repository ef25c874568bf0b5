using System.Text.Json.Nodes;
using Augur.Data.Ingestion;
using Augur.Data.Jsonl;
using Augur.Data.Reading;
using Augur.Data.Schema;
using Augur.Learning.Bundles;
using Augur.Platform.Scoring.Output;

namespace Augur.Platform.Scoring;

/// <summary>
/// Scores a whole file with a bundle without ever holding it in memory. The model fixes its inputs' types, so a single
/// file is read once, straight into typed rows (<see cref="TypedTableReader"/>); folders, archives, several sheets and
/// JSON go through Augur.Data's full ingestion to JSONL first. Rows are predicted and written a batch at a time
/// (<see cref="BatchScoringRun"/>). Used by scoring jobs and by the local `augur predict`.
/// </summary>
public static class BatchScorer
{
    public const int BatchSize = BatchScoringRun.BatchSize;

    public static async Task<BatchScoringOutcome> ScoreAsync(
        ModelBundle bundle,
        BatchScoringRequest request,
        Func<ScoringProgress, CancellationToken, ValueTask>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(request);
        await using var typed = await OpenTypedAsync(bundle, request, cancellationToken);
        return typed is null
            ? await ScoreIngestedAsync(bundle, request, progress, cancellationToken)
            : await ScoreTypedAsync(bundle, typed, request, progress, cancellationToken);
    }

    private static async Task<BatchScoringOutcome> ScoreTypedAsync(
        ModelBundle bundle, TypedTableReader table, BatchScoringRequest request, Func<ScoringProgress, CancellationToken, ValueTask>? progress, CancellationToken cancellationToken)
    {
        var keys = KeyColumns(table.Columns, request);
        await using var rejects = request.RejectsPath is null ? null : new RejectsWriter(request.RejectsPath);
        await using var writer = CreateWriter(bundle, request, keys);
        await using var run = new BatchScoringRun(bundle, writer, rejects, keys, progress) { Reasons = request.Reasons };
        await run.ReportAsync(cancellationToken);
        await foreach (var record in table.ReadCellsAsync(run.Columns, run.RentCells, cancellationToken))
        {
            if (record.Cells is { } cells)
            {
                await run.AddAsync(cells, cancellationToken);
            }
            else
            {
                run.Unreadable(record.Line, record.RejectReason ?? "the row could not be read");
            }
        }

        var (scored, rejected) = await run.CompleteAsync(cancellationToken);
        return new BatchScoringOutcome(scored, rejected, keys);
    }

    private static async Task<BatchScoringOutcome> ScoreIngestedAsync(
        ModelBundle bundle, BatchScoringRequest request, Func<ScoringProgress, CancellationToken, ValueTask>? progress, CancellationToken cancellationToken)
    {
        var table = await IngestAsync(bundle, request, cancellationToken);
        var keys = KeyColumns(table.Schema.Columns, request);
        await using var rejects = request.RejectsPath is null ? null : new RejectsWriter(request.RejectsPath);
        await using var writer = CreateWriter(bundle, request, keys);
        await using var run = new BatchScoringRun(bundle, writer, rejects, keys, progress) { RowsTotal = table.RowsOut, Reasons = request.Reasons };
        if (rejects is not null)
        {
            await CopyUnreadableAsync(table, run, cancellationToken);
        }

        await run.ReportAsync(cancellationToken);
        await foreach (var row in JsonlReader.ReadAsync(table.JsonlPath, cancellationToken))
        {
            await run.AddAsync(row, cancellationToken);
        }

        var (scored, rejected) = await run.CompleteAsync(cancellationToken);
        return new BatchScoringOutcome(scored, rejected, keys);
    }

    /// <summary>
    /// The first <paramref name="count"/> readable rows of a file, read exactly as <see cref="ScoreAsync"/> reads it for
    /// the model (typed straight from a single table, else through ingestion into <paramref name="workDirectory"/>).
    /// </summary>
    /// <exception cref="IngestException">The file cannot be read; the message names it by <paramref name="displayName"/>.</exception>
    public static async Task<List<JsonObject>> FirstRowsAsync(ModelBundle bundle, string inputPath, string displayName, string workDirectory, int count, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var request = new BatchScoringRequest(inputPath, workDirectory, OutputPath: "", ScoringFormat.Csv) { DisplayName = displayName };
        var rows = new List<JsonObject>();
        await using var typed = await OpenTypedAsync(bundle, request, cancellationToken);
        if (typed is not null)
        {
            await foreach (var record in typed.ReadAsync(InputTypes(bundle).Keys.ToHashSet(StringComparer.Ordinal), cancellationToken))
            {
                if (record.Row is { } row)
                {
                    rows.Add(row);
                }

                if (rows.Count == count)
                {
                    break;
                }
            }

            return rows;
        }

        var table = await IngestAsync(bundle, request, cancellationToken);
        await foreach (var row in JsonlReader.ReadAsync(table.JsonlPath, cancellationToken))
        {
            rows.Add(row);
            if (rows.Count == count)
            {
                break;
            }
        }

        return rows;
    }

    private static ScoredRowWriter CreateWriter(ModelBundle bundle, BatchScoringRequest request, IReadOnlyList<string> keys) =>
        ScoredRowWriter.Create(request.Format, new FileStream(request.OutputPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16), keys, bundle.Info, reasons: request.Reasons);

    /// <summary>The model's input types; the file is read the way the model was trained (see <see cref="IngestAsync"/>).</summary>
    private static Dictionary<string, ColumnType> InputTypes(ModelBundle bundle) =>
        bundle.Info.Inputs.ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal);

    private static async Task<TypedTableReader?> OpenTypedAsync(ModelBundle bundle, BatchScoringRequest request, CancellationToken cancellationToken)
    {
        var options = new IngestOptions { TableName = "input", ColumnTypes = InputTypes(bundle), Duplicates = DuplicatePolicy.Keep };
        try
        {
            return await TypedTableReader.OpenAsync(request.InputPath, InputTypes(bundle), options, cancellationToken);
        }
        catch (IngestException ex) when (request.DisplayName is not null)
        {
            throw new IngestException(ex.Message.Replace(request.InputPath, request.DisplayName, StringComparison.Ordinal), ex);
        }
    }

    private static async Task<IngestedTable> IngestAsync(ModelBundle bundle, BatchScoringRequest request, CancellationToken cancellationToken)
    {
        // Read the file the way the model was trained: a small file may otherwise look different (e.g. Yes/No alone
        // reads as a boolean, while training saw a category with a third value). Duplicates are kept: every row
        // sent is answered.
        var options = new IngestOptions { TableName = "input", ColumnTypes = InputTypes(bundle), Duplicates = DuplicatePolicy.Keep };
        var name = request.DisplayName ?? request.InputPath;
        IngestSummary summary;
        try
        {
            summary = await new Ingestor(options).IngestAsync(request.InputPath, request.WorkDirectory, cancellationToken);
        }
        catch (IngestException ex) when (request.DisplayName is not null)
        {
            throw new IngestException(ex.Message.Replace(request.InputPath, request.DisplayName, StringComparison.Ordinal), ex);
        }

        if (summary.Tables.Count == 0)
        {
            var why = summary.Skipped.Count > 0 ? summary.Skipped[0].Reason : "no rows could be read from it";
            throw new IngestException($"{name}: {why}.");
        }

        return summary.Tables[0];
    }

    /// <summary>Identifier columns (found by reading the file), then the columns the person asked for, each once.</summary>
    private static List<string> KeyColumns(IReadOnlyList<ColumnSchema> columns, BatchScoringRequest request)
    {
        var keys = columns.Where(c => c.Role == ColumnRole.Identifier || c.Type == ColumnType.Identifier).Select(c => c.Name).ToList();
        foreach (var wanted in request.KeepColumns)
        {
            var column = columns.FirstOrDefault(c => string.Equals(c.Name, wanted, StringComparison.Ordinal))
                ?? throw new IngestException($"{request.DisplayName ?? request.InputPath}: there is no column '{wanted}' to keep; its columns are {string.Join(", ", columns.Select(c => c.Name))}.");
            if (!keys.Contains(column.Name))
            {
                keys.Add(column.Name);
            }
        }

        return keys;
    }

    private static async Task CopyUnreadableAsync(IngestedTable table, BatchScoringRun run, CancellationToken cancellationToken)
    {
        var path = Path.ChangeExtension(table.JsonlPath, null) + ".rejects.jsonl";
        if (!File.Exists(path))
        {
            return;
        }

        await foreach (var reject in JsonlReader.ReadAsync(path, cancellationToken))
        {
            run.Unreadable(reject["line"]?.GetValue<long>() ?? 0, reject["reason"]?.GetValue<string>() ?? "the row could not be read");
        }
    }
}
