namespace Augur.Data.Reading;

/// <summary>
/// One record as a reader saw it: the line (or, for a JSON array, the item number; for a sheet, the row number) where
/// it starts, and either its values by column position or why it was rejected plus its raw text. Values are not yet
/// trimmed. <see cref="File"/> is set when a table concatenates several files. A repeated header carries neither
/// values nor a reason: it is dropped and counted on its own.
/// </summary>
internal readonly record struct SourceRecord(long Line, string?[]? Values, string? RejectReason, string? RawText)
{
    public string? File { get; init; }

    public bool IsRepeatedHeader { get; init; }

    public static SourceRecord Reject(long line, string reason, string rawText) => new(line, null, reason, rawText);

    public static SourceRecord RepeatedHeader(long line) => new(line, null, null, null) { IsRepeatedHeader = true };
}
