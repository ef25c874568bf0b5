using Augur.Data.Schema;

namespace Augur.Data.Ingestion;

/// <summary>
/// One clean table that ingestion wrote: <c>Name.jsonl</c>, <c>Name.schema.json</c> and friends in the output folder.
/// Every row read is accounted for: RowsIn = RowsOut + Duplicates + Rejected + RepeatedHeaders.
/// <see cref="Sources"/> names the files the table was read from (several when a folder held files with the same columns).
/// </summary>
public sealed record IngestedTable(
    string Name,
    string JsonlPath,
    string SchemaPath,
    TableSchema Schema,
    long RowsIn,
    long RowsOut,
    long Duplicates,
    long Rejected,
    long RepeatedHeaders = 0,
    IReadOnlyList<string>? Sources = null)
{
    /// <summary>
    /// Exact duplicate rows kept among <see cref="RowsOut"/> because no column identifies a row
    /// (<see cref="DuplicatePolicy.KeepWithoutIdentifier"/>); <see cref="Duplicates"/> counts those dropped.
    /// </summary>
    public long DuplicatesKept { get; init; }

    /// <summary>Both passes read the file in two halves, one per thread (see <c>TableIngestion.Halves.cs</c>).</summary>
    internal bool ReadInHalves { get; init; }
}
