using Augur.Data.Schema;

namespace Augur.Data.Ingestion;

/// <summary>Limits and choices for one ingestion. Defaults suit a marketer's exports.</summary>
public sealed record IngestOptions
{
    /// <summary>Name for the table when the input is one file; null means "from the file name".</summary>
    public string? TableName { get; init; }

    /// <summary>
    /// Types chosen by a person (or by a model that must read a file the way it was trained), by column name. They
    /// replace what inference decides; a value that does not fit is kept as text, never dropped.
    /// </summary>
    public IReadOnlyDictionary<string, ColumnType>? ColumnTypes { get; init; }

    /// <summary>What happens to exact duplicate rows; dropped unless said otherwise.</summary>
    public DuplicatePolicy Duplicates { get; init; }

    /// <summary>A table wider than this is refused (the message names the file and the line).</summary>
    public int MaxColumns { get; init; } = 2_000;

    /// <summary>A longer cell sends its row to the rejects; a CSV record past twice this is refused as unreadable.</summary>
    public int MaxCellLength { get; init; } = 1_000_000;

    /// <summary>What a <c>.zip</c> may expand to on disk, counted while extracting (not trusted from its headers): a zip bomb stops here.</summary>
    public long MaxArchiveBytes { get; init; } = 2L << 30;

    /// <summary>How many entries a <c>.zip</c> may hold.</summary>
    public int MaxArchiveEntries { get; init; } = 10_000;

    /// <summary>
    /// A CSV stored in at least this many bytes is read on a second thread while the first one infers and writes (same
    /// output, byte for byte). On 2 idle cores this is 1.3-1.5x faster in wall time for about 10 % more CPU time
    /// (docs/benchmarks.md), so it is on by default; <c>AUGUR_INGEST_TWO_THREADS=0</c> switches it off for a machine
    /// whose cores are busy with other work. Files under 8 MB, and every file on one core, stay on one thread. Tests
    /// lower it to compare both ways.
    /// </summary>
    internal long ParallelFromBytes { get; init; } = TwoThreads ? 8L << 20 : long.MaxValue;

    /// <summary>
    /// A plain UTF-8 CSV stored in at least this many bytes is read in two halves, one per thread; this comes before
    /// <see cref="ParallelFromBytes"/>. The rows, types, rejects and counts are those one thread finds; the profile's
    /// quantiles come from a sample drawn from both halves, and its mean from both halves' means. Off with
    /// <c>AUGUR_INGEST_TWO_THREADS=0</c> too.
    /// </summary>
    internal long SplitFromBytes { get; init; } = TwoThreads ? 8L << 20 : long.MaxValue;

    private static bool TwoThreads => Environment.ProcessorCount > 1 && Environment.GetEnvironmentVariable("AUGUR_INGEST_TWO_THREADS") != "0";
}
