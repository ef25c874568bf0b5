using System.Runtime.CompilerServices;
using Augur.Data.Inference;
using Augur.Data.Profiling;
using Augur.Data.Reading;

namespace Augur.Data.Ingestion;

/// <summary>
/// Both passes over a large plain UTF-8 CSV on two threads, each reading one half of the file (cut by
/// <see cref="CsvSplitter"/>) with its own column accumulators, duplicate set and profilers, merged in file order
/// afterwards. The second half's rows are counted from the cut's line, and its JSON lines and rejects are written to
/// files of their own and appended to the first half's, so the output is what one thread writes. Threads that share
/// nothing while they run cost no hand-offs: the earlier reading thread (<see cref="RowPipeline"/>) spent more CPU on
/// locks and waiting than it saved (docs/benchmarks.md).
/// Pass 1 on halves gives way to the whole file (the result is discarded) when the first half's reader finds no record
/// ending at the cut, and when the second half cannot be read on its own. When a row of the second half repeats one of
/// the first, the second half's pass 1 is run again knowing the first half's rows, so that no value counts twice.
/// The first half keeps as many distinct rows in memory as one reader, the second half half as many; past that a half
/// spills to disk and the halves are compared partition by partition (<see cref="DuplicateRows.ResolveHalves"/>).
/// Past the value-count and uniqueness caps the merged counts are estimates, as one reader's are, and may differ
/// from them.
/// </summary>
internal sealed partial class TableIngestion
{
    /// <summary>Pass 2 writes the second half's rows and rejects to files named so, then appends them to the table's.</summary>
    private const string SecondHalfSuffix = ".second-half";

    /// <summary>Where the file is cut, and each half's duplicate rows for pass 2.</summary>
    private sealed record Halves(long Cut, long CutLine, DuplicateRows? First, DuplicateRows? Second) : IDisposable
    {
        public void Dispose()
        {
            First?.Dispose();
            Second?.Dispose();
        }
    }

    /// <summary>The file this table reads, when it can be read in halves; null otherwise.</summary>
    private CsvRowSource? SplittableCsv() =>
        parts.Count == 1 && rows is CsvRowSource { CanSplit: true } csv && csv.StoredBytes >= options.SplitFromBytes ? csv : null;

    /// <summary>Pass 1 on two halves at once; null when they cannot stand for the file (pass 1 then reads it whole).</summary>
    private (List<ColumnAccumulator> Columns, RowCounts Counts, Halves Halves)? InferHalves(CsvRowSource csv, CancellationToken cancellationToken)
    {
        if (CsvSplitter.Find(parts[0].File.Path, csv.Quote) is not var (cut, cutLine))
        {
            return null;
        }

        using var stopSecond = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var firstRange = CsvRange.FirstHalf(cut, onOverrun: stopSecond.Cancel); // the second half's work is then wasted
        var second = Task.Factory.StartNew(
            () => InferRange(csv, CsvRange.SecondHalf(cut, cutLine), stopSecond.Token), stopSecond.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        HalfInference? earlier = null;
        try
        {
            earlier = InferRange(csv, firstRange, cancellationToken);
        }
        finally
        {
            if (earlier is null)
            {
                stopSecond.Cancel();
            }

            // Nobody may read the source again (an encoding switch restarts pass 1) while the second half still does.
            ((IAsyncResult)second).AsyncWaitHandle.WaitOne();
            if (earlier is null && second.IsCompletedSuccessfully)
            {
                second.Result.Duplicates?.Dispose();
            }
        }

        var later = second.IsCompletedSuccessfully ? second.Result : null;
        if (firstRange.Overran || later is null || firstRange.NextLine != cutLine)
        {
            earlier.Duplicates?.Dispose();
            later?.Duplicates?.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            return null;
        }

        long lateFirst, lateSecond;
        try
        {
            bool shared;
            (shared, lateFirst, lateSecond) = earlier.Duplicates?.ResolveHalves(later.Duplicates!, cancellationToken) ?? (false, 0, 0);
            if (shared)
            {
                // A row of the second half repeats one of the first, so its values were counted twice. The second half
                // is read again with the first half's rows known, which is what one reader sees (exports pasted together
                // often repeat rows far apart). A first half too large to keep in memory reads the file whole instead.
                later.Duplicates?.Dispose();
                if (earlier.Duplicates is not { InMemory: true })
                {
                    earlier.Duplicates?.Dispose();
                    return null;
                }

                later = InferRange(csv, CsvRange.SecondHalf(cut, cutLine), cancellationToken, earlier.Duplicates);
                (lateFirst, lateSecond) = (0, later.Duplicates!.Resolve(cancellationToken));
            }
        }
        catch (CsvRangeException)
        {
            earlier.Duplicates?.Dispose();
            later.Duplicates?.Dispose();
            throw Changed(); // pass 1 read the second half once already: only a change to the file can make it unreadable now
        }
        catch
        {
            earlier.Duplicates?.Dispose();
            later.Duplicates?.Dispose();
            throw;
        }

        earlier.Counts.Late(lateFirst);
        later!.Counts.Late(lateSecond);

        for (var i = 0; i < earlier.Columns.Count; i++)
        {
            earlier.Columns[i].Merge(later.Columns[i]);
        }

        earlier.Counts.Add(later.Counts);
        return (earlier.Columns, earlier.Counts, new Halves(cut, cutLine, earlier.Duplicates, later.Duplicates));
    }

    /// <summary>What pass 1 found in one half.</summary>
    private sealed record HalfInference(List<ColumnAccumulator> Columns, RowCounts Counts, DuplicateRows? Duplicates);

    /// <summary>Pass 1 over one half, on the calling thread.</summary>
    /// <remarks>
    /// Everything a half writes to for each row is made on its own thread: two halves' duplicate sets made one after the
    /// other on one thread would lie side by side in memory, and their row counters could share a cache line that both
    /// cores write to for every row.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private HalfInference InferRange(CsvRowSource csv, CsvRange range, CancellationToken cancellationToken, DuplicateRows? earlier = null)
    {
        // The first half keeps as many rows in memory as one reader, so it finds in memory exactly the duplicates one
        // reader finds there (a duplicate found only later, on disk, has had its values counted). The second half keeps
        // half as many: two full sets (64 MB each) took a 1 GB file to 256 MB, near the 300 MB that ingestion must stay under.
        var memoryRows = range.IsSecondHalf ? DuplicateRows.MemoryRows / 2 : DuplicateRows.MemoryRows;
        var duplicates = findDuplicates ? new DuplicateRows(memoryRows, csv.EstimatedRows / 2, earlier) : null;
        try
        {
            var columns = csv.Columns.Select(_ => new ColumnAccumulator(csv.DecimalCommaPossible, csv.Columns.Count)).ToList();
            var counts = new RowCounts();
            // Rows are read into two buffers in turn, and a valid row's values are observed while the next row's slot in
            // the duplicate set is on its way into cache (a miss of a tenth of a microsecond per row otherwise). The
            // accumulators still see the rows in file order.
            var (a, b) = (new RowCells(), new RowCells());
            var cells = b;
            RowCells? pending = null;
            foreach (var record in csv.ReadCells(() => cells = cells == a ? b : a, range, cancellationToken))
            {
                var row = record.InCells ? cells : null;
                if (row is not null)
                {
                    duplicates?.Prefetch(row.Hash());
                }

                if (pending is not null)
                {
                    Observe(columns, pending);
                    pending = null;
                }

                if (Accept(record, row, duplicates, firstPass: true, counts))
                {
                    pending = row;
                }
            }

            if (pending is not null)
            {
                Observe(columns, pending);
            }

            return new HalfInference(columns, counts, duplicates);
        }
        catch
        {
            duplicates?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Pass 2 on two halves at once. The second half's profile is merged; its files are appended to the first's by the
    /// returned task, which runs on (a tenth of a second at 100 MB) while the schema, profile and lineage are written.
    /// </summary>
    private async Task<(RowCounts, List<ColumnProfiler>, Task Appended)> WriteHalvesAsync(
        CsvRowSource csv, Halves halves, List<ColumnPlan> plans, int[] kept, string outputDirectory, CancellationToken cancellationToken)
    {
        var (jsonl, rejects) = (JsonlPath(outputDirectory), RejectsPath(outputDirectory));
        var (secondJsonl, secondRejects) = (jsonl + SecondHalfSuffix, rejects + SecondHalfSuffix);
        using var stopSecond = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var firstRange = CsvRange.FirstHalf(halves.Cut);
        Task? appended = null;
        var second = Task.Factory.StartNew(
            () => WriteRange(csv, CsvRange.SecondHalf(halves.Cut, halves.CutLine), halves.Second, plans, kept, secondJsonl, secondRejects, stopSecond.Token),
            stopSecond.Token,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        try
        {
            var (counts, profilers) = WriteRange(csv, firstRange, halves.First, plans, kept, jsonl, rejects, cancellationToken);
            RowCounts laterCounts;
            List<ColumnProfiler> laterProfilers;
            try
            {
                (laterCounts, laterProfilers) = await second.ConfigureAwait(false);
            }
            catch (CsvRangeException)
            {
                throw Changed(); // pass 1 read this half: only a change to the file can make it unreadable now
            }

            if (firstRange.Overran)
            {
                throw Changed();
            }

            counts.Add(laterCounts);
            for (var k = 0; k < profilers.Count; k++)
            {
                profilers[k].Merge(laterProfilers[k]);
            }

            // Started last: nothing after it can fail and leave it running unawaited.
            appended = Task.Run(() =>
            {
                try
                {
                    TableOutput.Append(jsonl, secondJsonl);
                    TableOutput.Append(rejects, secondRejects);
                }
                finally
                {
                    File.Delete(secondJsonl);
                    File.Delete(secondRejects);
                }
            },
            CancellationToken.None); // not cancelled: it is short, and it must always remove the second half's files
            return (counts, profilers, appended);
        }
        finally
        {
            stopSecond.Cancel();
            ((IAsyncResult)second).AsyncWaitHandle.WaitOne();
            if (appended is null)
            {
                File.Delete(secondJsonl);
                File.Delete(secondRejects);
            }
        }
    }

    private IngestException Changed() =>
        new($"{parts[0].File.Label}: the file changed while it was being read.") { File = parts[0].File.Label };

    /// <summary>Pass 2 over one half, on the calling thread, into its own files.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private (RowCounts, List<ColumnProfiler>) WriteRange(
        CsvRowSource csv, CsvRange range, DuplicateRows? duplicates, List<ColumnPlan> plans, int[] kept, string jsonl, string rejects, CancellationToken cancellationToken)
    {
        var profilers = kept.Select(i => new ColumnProfiler(plans[i])).ToList();
        var typed = new TypedRowWriter(plans, kept);
        var counts = new RowCounts();
        var cells = new RowCells();
        using var output = new TableOutput(jsonl, rejects, parts[0].File.Label);
        foreach (var record in csv.ReadCells(() => cells, range, cancellationToken))
        {
            var row = record.InCells ? cells : null;
            Write(output, typed, profilers, record, row, Accept(record, row, duplicates, firstPass: false, counts));
        }

        output.Complete();
        return (counts, profilers);
    }
}
