using Augur.Data.Reading;

namespace Augur.Data.Ingestion;

/// <summary>
/// Reads a table record by record for the two ingestion passes, every row's values in one reused
/// <see cref="RowCells"/>. A CSV is read span by span (no string per cell, and no async hand-off per record); the
/// other readers make strings, which are copied into the cells so that both passes treat every format alike.
/// A large CSV may be read ahead on a second thread in batches of rows (<see cref="RowPipeline"/>, off by default);
/// handing rows over one at a time was measured slower than one thread.
/// </summary>
internal static class RowStream
{
    /// <param name="accept">Called for every record in order, with the row's cells (or null for a reject or a repeated header) and whether it runs on a reading thread of its own.</param>
    /// <param name="visit">Called for every record in order after <paramref name="accept"/>, with its verdict, on the caller's thread.</param>
    /// <param name="parallelFromBytes">A CSV stored in at least this many bytes is read on a second thread (see <see cref="RowPipeline"/>).</param>
    public static async Task ForEachAsync(
        IRowSource rows,
        Func<SourceRecord, RowCells?, bool, bool> accept,
        Action<SourceRecord, RowCells?, bool> visit,
        long parallelFromBytes,
        CancellationToken cancellationToken)
    {
        var cells = new RowCells();
        if (rows is CsvRowSource csv)
        {
            if (csv.StoredBytes >= parallelFromBytes)
            {
                RowPipeline.ForEach(csv, accept, visit, cancellationToken);
                return;
            }

            foreach (var record in csv.ReadCells(cells, cancellationToken))
            {
                var row = record.InCells ? cells : null;
                visit(record, row, accept(record, row, false));
            }

            return;
        }

        await foreach (var record in rows.ReadAsync(cancellationToken))
        {
            var row = record.Values is null ? null : cells;
            row?.Set(record.Values!);
            visit(record, row, accept(record, row, false));
        }
    }
}
