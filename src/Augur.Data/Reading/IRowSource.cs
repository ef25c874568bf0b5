namespace Augur.Data.Reading;

/// <summary>
/// A readable table. <see cref="ReadAsync"/> may be called more than once (ingestion reads twice). The column list
/// is known up front for CSV, sheets and Parquet, and grows while reading for JSON; a record's values may be shorter
/// than the final column list, and the missing tail is null.
/// </summary>
internal interface IRowSource
{
    IReadOnlyList<string> Columns { get; }

    /// <summary>True when <see cref="Columns"/> is final before reading (so files can be grouped by their columns).</summary>
    bool ColumnsKnownUpFront { get; }

    /// <summary>Whether "1,5" may mean one and a half here (a text file not delimited by commas).</summary>
    bool DecimalCommaPossible { get; }

    /// <summary>What this reader did, for lineage (format, encoding, dialect, header row).</summary>
    IReadOnlyDictionary<string, string> Description { get; }

    IAsyncEnumerable<SourceRecord> ReadAsync(CancellationToken cancellationToken);
}
