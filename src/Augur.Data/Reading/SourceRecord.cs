namespace Augur.Data.Reading;

/// <summary>
/// One record as a reader saw it: the line (or, for a JSON array, the item number) where it starts, and either
/// its values by column position or why it was rejected plus its raw text. Values are not yet trimmed.
/// </summary>
internal readonly record struct SourceRecord(long Line, string?[]? Values, string? RejectReason, string? RawText)
{
    public static SourceRecord Reject(long line, string reason, string rawText) => new(line, null, reason, rawText);
}
