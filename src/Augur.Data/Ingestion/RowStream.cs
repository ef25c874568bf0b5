using Augur.Data.Reading;

namespace Augur.Data.Ingestion;

/// <summary>
/// Reads a table record by record for the two ingestion passes, every row's values in one reused
/// <see cref="RowCells"/>. A CSV is read span by span (no string per cell, and no async hand-off per record); the
/// other readers make strings, which are copied into the cells so that both passes treat every format alike.
/// Reading ahead on a second thread was tried and measured slower on a loaded 2-core machine, so this stays on one thread.
/// </summary>
internal static class RowStream
{
    /// <param name="visit">Called for every record in order, with the row's cells, or null for a reject or a repeated header.</param>
    public static async Task ForEachAsync(IRowSource rows, Action<SourceRecord, RowCells?> visit, CancellationToken cancellationToken)
    {
        var cells = new RowCells();
        if (rows is CsvRowSource csv)
        {
            foreach (var record in csv.ReadCells(cells, cancellationToken))
            {
                visit(record, record.InCells ? cells : null);
            }

            return;
        }

        await foreach (var record in rows.ReadAsync(cancellationToken))
        {
            if (record.Values is { } values)
            {
                cells.Set(values);
                visit(record, cells);
            }
            else
            {
                visit(record, null);
            }
        }
    }
}
