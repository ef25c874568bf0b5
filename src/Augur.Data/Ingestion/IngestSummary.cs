namespace Augur.Data.Ingestion;

/// <summary>What <c>augur ingest</c> prints with <c>--json</c>, and what the platform stores for a dataset.</summary>
public sealed record IngestSummary(IReadOnlyList<IngestedTable> Tables, IReadOnlyList<SkippedFile> Skipped);

public sealed record SkippedFile(string Path, string Reason);
