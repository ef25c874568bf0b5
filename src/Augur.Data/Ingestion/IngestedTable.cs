using Augur.Data.Schema;

namespace Augur.Data.Ingestion;

/// <summary>One clean table that ingestion wrote: <c>Name.jsonl</c>, <c>Name.schema.json</c> and friends in the output folder.</summary>
public sealed record IngestedTable(
    string Name,
    string JsonlPath,
    string SchemaPath,
    TableSchema Schema,
    long RowsIn,
    long RowsOut,
    long Duplicates,
    long Rejected);
