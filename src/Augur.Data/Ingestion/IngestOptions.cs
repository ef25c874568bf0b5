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

    public int MaxColumns { get; init; } = 2_000;

    public int MaxCellLength { get; init; } = 1_000_000;
}
