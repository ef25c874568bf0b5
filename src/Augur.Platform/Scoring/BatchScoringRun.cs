using System.Text.Json.Nodes;
using Augur.Learning.Bundles;
using Augur.Learning.Features;
using Augur.Platform.Scoring.Output;

namespace Augur.Platform.Scoring;

/// <summary>
/// The scoring half of a batch run: rows come in one at a time as cells (the key columns first, then the columns the
/// model reads: <see cref="Columns"/>), are predicted a batch at a time with <see cref="ModelBundle.PredictBatch(IReadOnlyList{JsonNode[]}, CellLayout, BatchAnswers)"/>
/// (one slice per core), and are written in their input order. Reading, predicting and writing overlap: while one
/// batch is read, the one before it is predicted and the one before that is written, each on its own task, so that
/// every core has work. At most <see cref="MaxInFlight"/> + 1 batches are in memory, whatever the file's size.
/// </summary>
internal sealed class BatchScoringRun : IAsyncDisposable
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
    private Batch _batch = new();

    // Batches predicted or being written, oldest first. Each is written only after the one before it (in file order),
    // on its own task, so writing one batch overlaps with predicting the next and reading the one after that.
    private readonly Queue<(Batch Batch, Task Written)> _inFlight = new();

    // Batches whose rows, answers and encoded rows are reused once written: at most MaxInFlight + 1 ever exist.
    private readonly Stack<Batch> _free = new();
    private Task _lastWrite = Task.CompletedTask;
    private long _done;
    private long _scored;
    private long _unreadable;

    /// <summary>Batches predicted or waiting to be written while the next is read: 2 keeps both cores busy on 2 cores.</summary>
    private const int MaxInFlight = 2;

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
        var cells = RentCells();
        for (var c = 0; c < cells.Length; c++)
        {
            cells[c] = row.TryGetPropertyValue(Columns[c], out var node) ? node : null;
        }

        return AddAsync(cells, cancellationToken);
    }

    /// <summary>
    /// An array for the next row's cells (<see cref="Columns"/>.Count long), reused from a batch already written: a
    /// million rows need a few batches' worth of arrays, not a million. Its old cells are still there: overwrite them all.
    /// </summary>
    public JsonNode?[] RentCells() => _batch.Rent(Columns.Count);

    /// <summary>A row as cells in the order of <see cref="Columns"/>.</summary>
    public async ValueTask AddAsync(JsonNode?[] cells, CancellationToken cancellationToken)
    {
        _batch.Rows.Add(cells);
        if (_batch.Rows.Count == BatchSize)
        {
            await SendAsync(cancellationToken);
        }
    }

    /// <summary>A line of the file that could not be read at all (counted only when there is a rejects file, as before).</summary>
    public void Unreadable(long line, string reason)
    {
        // Written with the batch being read, by the task that writes batches: the rejects file has one writer.
        _batch.Unreadable.Add((line, reason));
    }

    public async Task<(long Scored, long Rejected)> CompleteAsync(CancellationToken cancellationToken)
    {
        if (_batch.Rows.Count > 0 || _batch.Unreadable.Count > 0)
        {
            await SendAsync(cancellationToken);
        }

        while (_inFlight.Count > 0)
        {
            await _inFlight.Dequeue().Written;
        }

        await _writer.FinishAsync(cancellationToken);
        RowsTotal = _done;
        await ReportAsync(cancellationToken);
        return (_scored, Rejected);
    }

    public ValueTask ReportAsync(CancellationToken cancellationToken) =>
        _progress is null ? ValueTask.CompletedTask : _progress(new ScoringProgress(_done, RowsTotal, Rejected), cancellationToken);

    /// <summary>Starts predicting the batch just read and queues its writing after the batch before it; waits when too many are in flight.</summary>
    private async Task SendAsync(CancellationToken cancellationToken)
    {
        if (_inFlight.Count == MaxInFlight)
        {
            var (written, done) = _inFlight.Dequeue();
            await done;
            written.Clear();
            _free.Push(written);
        }

        var batch = _batch;
        var predicted = batch.Rows.Count == 0 ? Task.FromResult<Answers?>(null) : Task.Run(() => (Answers?)Predict(batch), cancellationToken);
        var previous = _lastWrite;
        _lastWrite = WriteInOrderAsync(previous, batch, predicted, cancellationToken);
        _inFlight.Enqueue((batch, _lastWrite));
        _batch = _free.Count > 0 ? _free.Pop() : new Batch();
    }

    private async Task WriteInOrderAsync(Task previous, Batch batch, Task<Answers?> predicted, CancellationToken cancellationToken)
    {
        try
        {
            await previous;
        }
        catch
        {
            // The first failure is the one reported; this batch's slices are still waited for, so that none is
            // running when the run ends and its writer is closed.
            await Settled(predicted);
            throw;
        }

        if (_rejects is not null)
        {
            foreach (var (line, reason) in batch.Unreadable)
            {
                _rejects.Unreadable(line, reason);
                _unreadable++;
            }
        }

        if (await predicted is { } answers)
        {
            await WriteAsync(batch.Rows, answers, cancellationToken);
        }

        await ReportAsync(cancellationToken);
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

    /// <summary>
    /// Waits for the batches still in flight without throwing, for when reading failed or was cancelled: none may
    /// still write once the caller closes the output.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        while (_inFlight.Count > 0)
        {
            await Settled(_inFlight.Dequeue().Written);
        }
    }

    private static async Task Settled(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Observed here on purpose: the caller already has (or is reporting) the failure that stopped the run.
        }
    }

    /// <summary>
    /// A batch of rows as read, the lines around them that could not be read, and the answers of its slices (one per
    /// core), reused for a later batch once written: a list of 16,384 rows lives on the large object heap.
    /// </summary>
    private sealed class Batch
    {
        public List<JsonNode?[]> Rows { get; } = new(BatchSize);

        public List<(long Line, string Reason)> Unreadable { get; } = [];

        public BatchAnswers[] Slices { get; } = [.. Enumerable.Range(0, Math.Max(1, Environment.ProcessorCount)).Select(_ => new BatchAnswers())];

        // The row arrays of this batch's previous use, handed out again by Rent.
        private readonly Stack<JsonNode?[]> _spare = new();

        public JsonNode?[] Rent(int length) =>
            _spare.TryPop(out var cells) && cells.Length == length ? cells : new JsonNode?[length];

        public void Clear()
        {
            foreach (var row in Rows)
            {
                _spare.Push(row);
            }

            Rows.Clear();
            Unreadable.Clear();
        }
    }

    /// <summary>A batch's answers: per slice in flat arrays (the batch path), or one object per row (with reason codes).</summary>
    private sealed record Answers(RowOutcome[]? Outcomes, BatchAnswers[] Slices, int Size)
    {
        public IReadOnlyList<InputError>? Errors(int row) =>
            Outcomes is { } outcomes ? (outcomes[row].Errors.Count > 0 ? outcomes[row].Errors : null) : Slices[row / Size].Errors(row % Size);
    }

    /// <summary>The bundle is thread-safe: a batch is cut into one slice per core, each scored with one pass of the model.</summary>
    private Answers Predict(Batch batch)
    {
        var rows = batch.Rows;
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
                _bundle.PredictBatch(slice, _layout, batch.Slices[s]);
                return;
            }

            var answers = _bundle.PredictEach([.. slice.Select(ToObject)], Reasons);
            for (var i = 0; i < count; i++)
            {
                outcomes[start + i] = answers[i];
            }
        });
        return new Answers(outcomes, batch.Slices, size);
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
