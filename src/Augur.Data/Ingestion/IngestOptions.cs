namespace Augur.Data.Ingestion;

/// <summary>Limits and choices for one ingestion. Defaults suit a marketer's exports.</summary>
public sealed record IngestOptions
{
    /// <summary>Name for the table when the input is one file; null means "from the file name".</summary>
    public string? TableName { get; init; }

    public int MaxColumns { get; init; } = 2_000;

    public int MaxCellLength { get; init; } = 1_000_000;
}
