using System.Runtime.ExceptionServices;
using Augur.Data.Reading;

namespace Augur.Data.Ingestion;

/// <summary>
/// Reads a large CSV on a thread of its own, a batch of rows at a time, while the caller's thread consumes the
/// batches in order: on two cores, tokenising overlaps with inference (pass 1) and with writing JSON (pass 2). Rows
/// are handed over 128 at a time, so the hand-off costs almost nothing (handing them over one by one was measured
/// slower than one thread), and the few batches in flight stay small enough for the cores' caches: with 4 batches of
/// 1,024 rows the extra cache misses cost more CPU than the second core saved (measured on the loaded 2-core machine:
/// 9.6-11 CPU s against 7.3-8 for one thread; 3 batches of 128 rows: 7.3-8.1). The consumer sees exactly the
/// records, in exactly the order, that the single-threaded reading gives, and a reader's exception arrives after the
/// records before it, so the output does not change.
/// </summary>
internal static class RowPipeline
{
    private const int BatchRows = 128;
    private const int Batches = 3;

    /// <param name="accept">Run on the reading thread for each record, in order, before it is handed over; its verdict goes to <paramref name="visit"/>.</param>
    public static void ForEach(
        CsvRowSource csv, Func<SourceRecord, RowCells?, bool, bool> accept, Action<SourceRecord, RowCells?, bool> visit, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var full = new BatchQueue();
        var empty = new BatchQueue();
        using var wake = stop.Token.Register(() =>
        {
            full.WakeAll();
            empty.WakeAll();
        });
        for (var i = 0; i < Batches; i++)
        {
            empty.Add(new Batch());
        }

        var reader = Task.Factory.StartNew(
            () => Read(csv, accept, full, empty, stop.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            while (true)
            {
                var batch = full.Take(cancellationToken);
                for (var k = 0; k < batch.Count; k++)
                {
                    var record = batch.Records[k];
                    visit(record, record.InCells ? batch.Cells[k] : null, batch.Accepted[k]);
                }

                if (batch.Error is { } error)
                {
                    ExceptionDispatchInfo.Throw(error);
                }

                if (batch.End)
                {
                    return;
                }

                batch.Count = 0;
                batch.Json.Clear();
                empty.Add(batch);
            }
        }
        finally
        {
            // The reader must be finished before anyone reads the source again (an encoding switch restarts pass 1).
            stop.Cancel();
            reader.Wait(CancellationToken.None);
        }
    }

    private static void Read(
        CsvRowSource csv, Func<SourceRecord, RowCells?, bool, bool> accept, BatchQueue full, BatchQueue empty, CancellationToken stop)
    {
        Batch batch;
        try
        {
            batch = empty.Take(stop);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            foreach (var record in csv.ReadCells(() => batch.Cells[batch.Count], stop))
            {
                batch.Records[batch.Count] = record;
                batch.Accepted[batch.Count] = accept(record, record.InCells ? batch.Cells[batch.Count] : null, true);
                if (++batch.Count == BatchRows)
                {
                    full.Add(batch);
                    batch = empty.Take(stop);
                }
            }

            batch.End = true;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return; // the consumer stopped (or was cancelled): nobody waits for more
        }
        catch (Exception ex)
        {
            batch.Error = ex;
        }

        full.Add(batch);
    }

    /// <summary>
    /// Batches waiting for the other thread. A plain lock and Monitor.Wait rather than a BlockingCollection, whose
    /// waits spin first: with the two threads evenly loaded the queue is often empty for a moment, and the spinning
    /// cost CPU that a shared two-core machine does not have to spare.
    /// </summary>
    private sealed class BatchQueue
    {
        private readonly Queue<Batch> batches = new();

        public void Add(Batch batch)
        {
            lock (batches)
            {
                batches.Enqueue(batch);
                Monitor.Pulse(batches);
            }
        }

        public Batch Take(CancellationToken cancellationToken)
        {
            lock (batches)
            {
                while (batches.Count == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    Monitor.Wait(batches);
                }

                return batches.Dequeue();
            }
        }

        public void WakeAll()
        {
            lock (batches)
            {
                Monitor.PulseAll(batches);
            }
        }
    }

    private sealed class Batch
    {
        public SourceRecord[] Records { get; } = new SourceRecord[BatchRows];

        public bool[] Accepted { get; } = new bool[BatchRows];

        public Batch()
        {
            Cells = [.. Enumerable.Range(0, BatchRows).Select(_ => new RowCells(128) { Json = Json })];
        }

        public RowJson Json { get; } = new();

        public RowCells[] Cells { get; }

        public int Count { get; set; }

        public bool End { get; set; }

        public Exception? Error { get; set; }
    }
}
