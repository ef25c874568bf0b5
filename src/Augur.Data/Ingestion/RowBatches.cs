using System.Runtime.CompilerServices;
using Augur.Data.Inference;
using Augur.Data.Reading;

namespace Augur.Data.Ingestion;

/// <summary>A run of records in file order, their values trimmed and missing tokens nulled, with each row's hash when asked for.</summary>
internal sealed class RowBatch(int capacity)
{
    public SourceRecord[] Records { get; } = new SourceRecord[capacity];

    public UInt128[] Hashes { get; } = new UInt128[capacity];

    public int Count { get; set; }
}

/// <summary>
/// Reads a table in batches of cleaned (and, in pass 1, hashed) rows. Reading ahead on a second thread was tried and
/// measured slower on a loaded 2-core machine (thread hand-offs cost more than they saved), so this stays on one thread;
/// the batch is the seam where that could come back.
/// </summary>
internal static class RowBatches
{
    public const int BatchSize = 512;

    public static async IAsyncEnumerable<RowBatch> ReadAsync(IRowSource rows, bool hash, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var batch = new RowBatch(BatchSize);
        await foreach (var record in rows.ReadAsync(cancellationToken))
        {
            Add(batch, record, hash);
            if (batch.Count == BatchSize)
            {
                yield return batch;
                batch = new RowBatch(BatchSize);
            }
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    private static void Add(RowBatch batch, SourceRecord record, bool hash)
    {
        if (record.Values is { } values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = MissingValues.Normalize(values[i]);
            }

            if (hash)
            {
                batch.Hashes[batch.Count] = Hashing.HashRow(values);
            }
        }

        batch.Records[batch.Count++] = record;
    }
}
