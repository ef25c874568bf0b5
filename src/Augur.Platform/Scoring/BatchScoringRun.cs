using System.Text.Json.Nodes;
using Augur.Learning.Bundles;
using Augur.Learning.Features;
using Augur.Platform.Scoring.Output;

namespace Augur.Platform.Scoring;

/// <summary>
/// The scoring half of a batch run: rows come in one at a time as cells (the key columns first, then the columns the
/// model reads: <see cref="Columns"/>), are predicted a batch at a time with <see cref="ModelBundle.PredictBatch(IReadOnlyList{JsonNode[]}, CellLayout)"/>
/// (one slice per core), and are written in their input order. A batch is predicted in the background while the next
/// one is being read, so reading and predicting overlap; at most two batches are in memory, whatever the file's size.
/// </summary>
internal sealed class BatchScoringRun
{
    public const int BatchSize = 16_384;

    // Slices much smaller than this spend more on the ML.NET data view than they save by running in parallel.
    private const int MinSlice = 1_024;

    private readonly ModelBundle _bundle;
    private readonly ScoredRowWriter _writer;
    private readonly RejectsWriter? _rejects;
    private readonly Func<ScoringProgress, CancellationToken, ValueTask>? _progress;
    private readonly int _keys;
    private readonly CellLayout _layout;
    private List<JsonNode?[]> _batch = new(BatchSize);

    // The written batch's list, kept for the next one: a list of 16,384 rows lives on the large object heap.
    private List<JsonNode?[]>? _spare;
    private (List<JsonNode?[]> Rows, Task<Answers> Outcomes)? _pending;

    // One per slice, reused for every batch: a batch is written before the next one is predicted.
    private readonly BatchAnswers[] _slices = [.. Enumerable.Range(0, Math.Max(1, Environment.ProcessorCount)).Select(_ => new BatchAnswers())];
    private long _done;
    private long _scored;
    private long _unreadable;

    public BatchScoringRun(
        ModelBundle bundle, ScoredRowWriter writer, RejectsWriter? rejects, IReadOnlyList<string> keys, Func<ScoringProgress, CancellationToken, ValueTask>? progress)
    {
        _bundle = bundle;
        _writer = writer;
        _rejects = rejects;
        _progress = progress;
        _keys = keys.Count;
        Columns = [.. keys, .. bundle.ReadColumns.Where(c => !keys.Contains(c))];
        _layout = bundle.Layout(Columns);
    }

    /// <summary>The cells of a row, in order: the key columns, then the columns the model reads.</summary>
    public IReadOnlyList<string> Columns { get; }

    public long? RowsTotal { get; set; }

    /// <summary>Reason codes per row (0: none). Explaining is row by row, so it is slower than a plain batch.</summary>
    public int Reasons { get; init; }

    public long Rejected => _done - _scored + _unreadable;

    public ValueTask AddAsync(JsonObject row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        var cells = new JsonNode?[Columns.Count];
        for (var c = 0; c < cells.Length; c++)
        {
            cells[c] = row.TryGetPropertyValue(Columns[c], out var node) ? node : null;
        }

        return AddAsync(cells, cancellationToken);
    }

    /// <summary>A row as cells in the order of <see cref="Columns"/>.</summary>
    public async ValueTask AddAsync(JsonNode?[] cells, CancellationToken cancellationToken)
    {
        _batch.Add(cells);
        if (_batch.Count == BatchSize)
        {
            await WritePendingAsync(cancellationToken);
            var rows = _batch;
            _pending = (rows, Task.Run(() => Predict(rows), cancellationToken));
            _batch = _spare ?? new List<JsonNode?[]>(BatchSize);
            _spare = null;
        }
    }

    /// <summary>A line of the file that could not be read at all (counted only when there is a rejects file, as before).</summary>
    public void Unreadable(long line, string reason)
    {
        if (_rejects is not null)
        {
            _rejects.Unreadable(line, reason);
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

        await _writer.FinishAsync(cancellationToken);
        RowsTotal = _done;
        await ReportAsync(cancellationToken);
        return (_scored, Rejected);
    }

    public ValueTask ReportAsync(CancellationToken cancellationToken) =>
        _progress is null ? ValueTask.CompletedTask : _progress(new ScoringProgress(_done, RowsTotal, Rejected), cancellationToken);

    private async Task WritePendingAsync(CancellationToken cancellationToken)
    {
        if (_pending is { } pending)
        {
            _pending = null;
            await WriteAsync(pending.Rows, await pending.Outcomes, cancellationToken);
            pending.Rows.Clear();
            _spare = pending.Rows;
            await ReportAsync(cancellationToken);
        }
    }

    private async Task WriteAsync(List<JsonNode?[]> rows, Answers answers, CancellationToken cancellationToken)
    {
        var firstRow = _done;
        var errors = Enumerable.Range(0, rows.Count).SelectMany(i => (answers.Errors(i) ?? []).Select(e => e with { Row = i })).ToList();
        if (errors.Count > 0 && _rejects is null)
        {
            // Report rows by their number in the whole file, not within the batch.
            throw new InvalidInputException([.. errors.Select(e => e with { Row = (int)(e.Row + firstRow) })]);
        }

        for (var i = 0; i < rows.Count; i++)
        {
            if (answers.Errors(i) is not { } rowErrors)
            {
                var keys = new ArraySegment<JsonNode?>(rows[i], 0, _keys);
                await (answers.Outcomes is { } outcomes
                    ? _writer.WriteAsync(keys, outcomes[i].Prediction!, cancellationToken)
                    : _writer.WriteAsync(keys, answers.Slices[i / answers.Size], i % answers.Size, cancellationToken));
                _scored++;
            }
            else
            {
                foreach (var error in rowErrors)
                {
                    _rejects!.Unscorable(firstRow + i + 1, error.Field, error.Message);
                }
            }
        }

        _done += rows.Count;
    }

    /// <summary>A batch's answers: per slice in flat arrays (the batch path), or one object per row (with reason codes).</summary>
    private sealed record Answers(RowOutcome[]? Outcomes, BatchAnswers[] Slices, int Size)
    {
        public IReadOnlyList<InputError>? Errors(int row) =>
            Outcomes is { } outcomes ? (outcomes[row].Errors.Count > 0 ? outcomes[row].Errors : null) : Slices[row / Size].Errors(row % Size);
    }

    /// <summary>The bundle is thread-safe: a batch is cut into one slice per core, each scored with one pass of the model.</summary>
    private Answers Predict(List<JsonNode?[]> rows)
    {
        var slices = Math.Clamp(Environment.ProcessorCount, 1, Math.Max(1, rows.Count / MinSlice));
        var size = Math.Max(1, (rows.Count + slices - 1) / slices);
        var outcomes = Reasons > 0 ? new RowOutcome[rows.Count] : null;
        Parallel.For(0, slices, s =>
        {
            var start = s * size;
            var count = Math.Min(size, rows.Count - start);
            if (count <= 0)
            {
                return;
            }

            var slice = rows.GetRange(start, count);
            if (outcomes is null)
            {
                _bundle.PredictBatch(slice, _layout, _slices[s]);
                return;
            }

            var answers = _bundle.PredictEach([.. slice.Select(ToObject)], Reasons);
            for (var i = 0; i < count; i++)
            {
                outcomes[start + i] = answers[i];
            }
        });
        return new Answers(outcomes, _slices, size);
    }

    /// <summary>Reason codes are row by row and take JSON rows; the cells are copied, since the writer still reads them.</summary>
    private JsonObject ToObject(JsonNode?[] cells)
    {
        var row = new JsonObject();
        for (var c = 0; c < cells.Length; c++)
        {
            row[Columns[c]] = cells[c]?.DeepClone();
        }

        return row;
    }
}
