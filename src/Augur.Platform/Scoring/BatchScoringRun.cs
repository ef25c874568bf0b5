using System.Text.Json.Nodes;
using Augur.Learning.Bundles;
using Augur.Platform.Scoring.Output;

namespace Augur.Platform.Scoring;

/// <summary>
/// The scoring half of a batch run: rows come in one at a time, are predicted a batch at a time with
/// <see cref="ModelBundle.PredictBatch"/> (one slice per core), and are written in their input order. A batch is
/// predicted in the background while the next one is being read, so reading and predicting overlap.
/// </summary>
internal sealed class BatchScoringRun(
    ModelBundle bundle, ScoredRowWriter writer, RejectsWriter? rejects, Func<ScoringProgress, CancellationToken, ValueTask>? progress)
{
    public const int BatchSize = 16_384;

    // Slices much smaller than this spend more on the ML.NET data view than they save by running in parallel.
    private const int MinSlice = 1_024;

    private List<JsonObject> _batch = new(BatchSize);
    private (List<JsonObject> Rows, Task<RowOutcome[]> Outcomes)? _pending;
    private long _done;
    private long _scored;
    private long _unreadable;

    public long? RowsTotal { get; set; }

    /// <summary>Reason codes per row (0: none). Explaining is row by row, so it is slower than a plain batch.</summary>
    public int Reasons { get; init; }

    public long Rejected => _done - _scored + _unreadable;

    public async ValueTask AddAsync(JsonObject row, CancellationToken cancellationToken)
    {
        _batch.Add(row);
        if (_batch.Count == BatchSize)
        {
            await WritePendingAsync(cancellationToken);
            var rows = _batch;
            _pending = (rows, Task.Run(() => Predict(rows), cancellationToken));
            _batch = new List<JsonObject>(BatchSize);
        }
    }

    /// <summary>A line of the file that could not be read at all (counted only when there is a rejects file, as before).</summary>
    public void Unreadable(long line, string reason)
    {
        if (rejects is not null)
        {
            rejects.Unreadable(line, reason);
            _unreadable++;
        }
    }

    public async Task<(long Scored, long Rejected)> CompleteAsync(CancellationToken cancellationToken)
    {
        await WritePendingAsync(cancellationToken);
        if (_batch.Count > 0)
        {
            await WriteAsync(_batch, Predict(_batch), cancellationToken);
        }

        await writer.FinishAsync(cancellationToken);
        RowsTotal = _done;
        await ReportAsync(cancellationToken);
        return (_scored, Rejected);
    }

    public ValueTask ReportAsync(CancellationToken cancellationToken) =>
        progress is null ? ValueTask.CompletedTask : progress(new ScoringProgress(_done, RowsTotal, Rejected), cancellationToken);

    private async Task WritePendingAsync(CancellationToken cancellationToken)
    {
        if (_pending is { } pending)
        {
            _pending = null;
            await WriteAsync(pending.Rows, await pending.Outcomes, cancellationToken);
            await ReportAsync(cancellationToken);
        }
    }

    private async Task WriteAsync(List<JsonObject> rows, RowOutcome[] outcomes, CancellationToken cancellationToken)
    {
        var firstRow = _done;
        var errors = outcomes.SelectMany((o, i) => o.Errors.Select(e => e with { Row = i })).ToList();
        if (errors.Count > 0 && rejects is null)
        {
            // Report rows by their number in the whole file, not within the batch.
            throw new InvalidInputException([.. errors.Select(e => e with { Row = (int)(e.Row + firstRow) })]);
        }

        for (var i = 0; i < rows.Count; i++)
        {
            if (outcomes[i].Prediction is { } prediction)
            {
                await writer.WriteAsync(rows[i], prediction, cancellationToken);
                _scored++;
            }
            else
            {
                foreach (var error in outcomes[i].Errors)
                {
                    rejects!.Unscorable(firstRow + i + 1, error.Field, error.Message);
                }
            }
        }

        _done += rows.Count;
    }

    /// <summary>The bundle is thread-safe: a batch is cut into one slice per core, each scored with one Transform.</summary>
    private RowOutcome[] Predict(List<JsonObject> rows)
    {
        var outcomes = new RowOutcome[rows.Count];
        var slices = Math.Clamp(Environment.ProcessorCount, 1, Math.Max(1, rows.Count / MinSlice));
        var size = (rows.Count + slices - 1) / slices;
        Parallel.For(0, slices, s =>
        {
            var start = s * size;
            var count = Math.Min(size, rows.Count - start);
            if (count <= 0)
            {
                return;
            }

            var slice = rows.GetRange(start, count);
            var answers = Reasons > 0 ? bundle.PredictEach(slice, Reasons) : bundle.PredictBatch(slice);
            for (var i = 0; i < count; i++)
            {
                outcomes[start + i] = answers[i];
            }
        });
        return outcomes;
    }
}
