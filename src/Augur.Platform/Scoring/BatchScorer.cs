using System.Text.Json.Nodes;
using Augur.Data.Ingestion;
using Augur.Data.Jsonl;
using Augur.Data.Schema;
using Augur.Learning.Bundles;
using Augur.Platform.Scoring.Output;

namespace Augur.Platform.Scoring;

/// <summary>
/// Scores a whole file with a bundle without ever holding it in memory: Augur.Data ingests it to JSONL (with the
/// column types the model was trained on), then rows are read back, predicted and written a batch at a time. Used
/// by scoring jobs and by the local `augur predict`.
/// </summary>
public static class BatchScorer
{
    public const int BatchSize = 4_096;

    public static async Task<BatchScoringOutcome> ScoreAsync(
        ModelBundle bundle,
        BatchScoringRequest request,
        Func<ScoringProgress, CancellationToken, ValueTask>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(request);
        var table = await IngestAsync(bundle, request, cancellationToken);
        var keys = KeyColumns(table, request);
        var total = table.RowsOut;
        await using var rejects = request.RejectsPath is null ? null : new RejectsWriter(request.RejectsPath);
        if (rejects is not null)
        {
            await CopyUnreadableAsync(table, rejects, cancellationToken);
        }

        var unreadable = rejects?.Count ?? 0;
        if (progress is not null)
        {
            await progress(new ScoringProgress(0, total, unreadable), cancellationToken);
        }

        long done = 0;
        long scored = 0;
        await using (var writer = ScoredRowWriter.Create(request.Format, new FileStream(request.OutputPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16), keys, bundle.Info, reasons: request.Reasons))
        {
            var batch = new List<JsonObject>(BatchSize);
            await foreach (var row in JsonlReader.ReadAsync(table.JsonlPath, cancellationToken))
            {
                batch.Add(row);
                if (batch.Count == BatchSize)
                {
                    scored += await FlushAsync(bundle, batch, done, writer, rejects, request.Reasons, cancellationToken);
                    done += batch.Count;
                    batch.Clear();
                    if (progress is not null)
                    {
                        await progress(new ScoringProgress(done, total, done - scored + unreadable), cancellationToken);
                    }
                }
            }

            scored += await FlushAsync(bundle, batch, done, writer, rejects, request.Reasons, cancellationToken);
            done += batch.Count;
            await writer.FinishAsync(cancellationToken);
        }

        var rejected = done - scored + unreadable;
        if (progress is not null)
        {
            await progress(new ScoringProgress(done, total, rejected), cancellationToken);
        }

        return new BatchScoringOutcome(scored, rejected, keys);
    }

    private static async Task<IngestedTable> IngestAsync(ModelBundle bundle, BatchScoringRequest request, CancellationToken cancellationToken)
    {
        // Read the file the way the model was trained: a small file may otherwise look different (e.g. Yes/No alone
        // reads as a boolean, while training saw a category with a third value). Duplicates are kept: every row
        // sent is answered.
        var types = bundle.Info.Inputs.ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal);
        var options = new IngestOptions { TableName = "input", ColumnTypes = types, KeepDuplicates = true };
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

    /// <summary>Identifier columns (found by ingestion), then the columns the person asked for, each once.</summary>
    private static List<string> KeyColumns(IngestedTable table, BatchScoringRequest request)
    {
        var keys = table.Schema.Columns.Where(c => c.Role == ColumnRole.Identifier || c.Type == ColumnType.Identifier).Select(c => c.Name).ToList();
        foreach (var wanted in request.KeepColumns)
        {
            var column = table.Schema.Find(wanted)
                ?? throw new IngestException($"{request.DisplayName ?? request.InputPath}: there is no column '{wanted}' to keep; its columns are {string.Join(", ", table.Schema.Columns.Select(c => c.Name))}.");
            if (!keys.Contains(column.Name))
            {
                keys.Add(column.Name);
            }
        }

        return keys;
    }

    private static async Task CopyUnreadableAsync(IngestedTable table, RejectsWriter rejects, CancellationToken cancellationToken)
    {
        var path = Path.ChangeExtension(table.JsonlPath, null) + ".rejects.jsonl";
        if (!File.Exists(path))
        {
            return;
        }

        await foreach (var reject in JsonlReader.ReadAsync(path, cancellationToken))
        {
            rejects.Unreadable(reject["line"]?.GetValue<long>() ?? 0, reject["reason"]?.GetValue<string>() ?? "the row could not be read");
        }
    }

    /// <summary>Predicts one batch and writes it; returns how many rows were scored (the rest went to the rejects).</summary>
    private static async Task<long> FlushAsync(
        ModelBundle bundle, List<JsonObject> batch, long firstRow, ScoredRowWriter writer, RejectsWriter? rejects, int reasons, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        var (predictions, errors) = PredictInParallel(bundle, batch, reasons);
        if (errors.Count > 0 && rejects is null)
        {
            // Report rows by their number in the whole file, not within the batch.
            throw new InvalidInputException([.. errors.Select(e => e with { Row = (int)(e.Row + firstRow) })]);
        }

        foreach (var error in errors)
        {
            rejects!.Unscorable(firstRow + error.Row + 1, error.Field, error.Message);
        }

        long written = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            if (predictions[i] is { } prediction)
            {
                await writer.WriteAsync(batch[i], prediction, cancellationToken);
                written++;
            }
        }

        return written;
    }

    /// <summary>
    /// The bundle is thread-safe, so a batch is cut into one slice per core. A slice with invalid rows is scored
    /// again without them: one bad row never costs the others their prediction.
    /// </summary>
    private static (RowPrediction?[] Predictions, List<InputError> Errors) PredictInParallel(ModelBundle bundle, List<JsonObject> batch, int reasons)
    {
        var predictions = new RowPrediction?[batch.Count];
        var slices = Math.Clamp(Environment.ProcessorCount, 1, Math.Max(1, batch.Count / 256));
        var size = (batch.Count + slices - 1) / slices;
        var errors = new List<InputError>[slices];
        Parallel.For(0, slices, s =>
        {
            var start = s * size;
            var count = Math.Min(size, batch.Count - start);
            errors[s] = count > 0 ? PredictSlice(bundle, batch, start, count, predictions, reasons) : [];
        });
        return (predictions, [.. errors.SelectMany(e => e).OrderBy(e => e.Row)]);
    }

    private static List<InputError> PredictSlice(ModelBundle bundle, List<JsonObject> batch, int start, int count, RowPrediction?[] predictions, int reasons)
    {
        var slice = batch.GetRange(start, count);
        try
        {
            var answers = bundle.Predict(slice, reasons);
            for (var i = 0; i < count; i++)
            {
                predictions[start + i] = answers[i];
            }

            return [];
        }
        catch (InvalidInputException ex) when (ex.Errors.Count > 0)
        {
            var bad = ex.Errors.Select(e => e.Row).ToHashSet();
            var good = Enumerable.Range(0, count).Where(i => !bad.Contains(i)).ToList();
            if (good.Count > 0)
            {
                var answers = bundle.Predict([.. good.Select(i => slice[i])], reasons);
                for (var k = 0; k < good.Count; k++)
                {
                    predictions[start + good[k]] = answers[k];
                }
            }

            return [.. ex.Errors.Select(e => e with { Row = e.Row + start })];
        }
    }
}
