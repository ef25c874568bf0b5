namespace Augur.Data.Reading;

/// <summary>
/// A readable table. <see cref="ReadAsync"/> may be called more than once (ingestion reads twice). The column list
/// is known up front for CSV and grows while reading for JSON; a record's values may be shorter than the final
/// column list, and the missing tail is null.
/// </summary>
internal interface IRowSource
{
    IReadOnlyList<string> Columns { get; }

    /// <summary>What this reader did, for lineage (format, encoding, dialect).</summary>
    IReadOnlyDictionary<string, string> Description { get; }

    IAsyncEnumerable<SourceRecord> ReadAsync(CancellationToken cancellationToken);
}
