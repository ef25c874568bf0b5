namespace Augur.Data.Ingestion;

/// <summary>
/// Input that cannot be used at all. The message is one line for a person and names the file, and the row and
/// column where they are known. Rows that are merely bad do not throw: they go to the rejects.
/// </summary>
public sealed class IngestException : Exception
{
    public IngestException(string message) : base(message) { }

    public IngestException(string message, Exception innerException) : base(message, innerException) { }

    public IngestException() { }

    public string? File { get; init; }

    public long? Row { get; init; }

    public string? Column { get; init; }
}
