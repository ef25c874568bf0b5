namespace Augur.Data.Ingestion;

/// <summary>Turns a file (or folder) of raw exports into clean JSONL tables plus schema, profile, rejects and lineage.</summary>
public sealed class Ingestor(IngestOptions options)
{
    public IngestOptions Options { get; } = options;

    /// <exception cref="IngestException">The input is unusable; the message names the file (and row/column when known).</exception>
    public Task<IngestSummary> IngestAsync(string inputPath, string outputDirectory, CancellationToken cancellationToken) =>
        throw new NotImplementedException();
}
