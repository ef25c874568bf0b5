namespace Augur.Data.Lineage;

/// <summary>One output table: its sources, the steps applied in order, and the row counts (rowsIn = rowsOut + duplicates + rejected + repeatedHeaders).</summary>
public sealed record TableLineage(
    string Name,
    IReadOnlyList<SourceLineage> Sources,
    IReadOnlyList<string> Steps,
    long RowsIn,
    long RowsOut,
    long Duplicates,
    long Rejected,
    long RepeatedHeaders = 0)
{
    /// <summary>Exact duplicate rows kept among <see cref="RowsOut"/>: no column identifies a row, so they are repeated observations.</summary>
    public long DuplicatesKept { get; init; }
}
