namespace Augur.Data.Reading;

/// <summary>
/// One record as a reader saw it: the line (or, for a JSON array, the item number; for a sheet, the row number) where
/// it starts, and either its values by column position or why it was rejected plus its raw text. Values are not yet
/// trimmed. <see cref="File"/> is set when a table concatenates several files. A repeated header carries neither
/// values nor a reason: it is dropped and counted on its own. A row read span by span (<see cref="InCells"/>) carries its
/// values in the reader's <see cref="RowCells"/>.
/// </summary>
internal readonly record struct SourceRecord(long Line, string?[]? Values, string? RejectReason, string? RawText)
{
    public string? File { get; init; }

    public bool IsRepeatedHeader { get; init; }

    /// <summary>A row whose values are in the <see cref="RowCells"/> the reader was given, not in <see cref="Values"/>.</summary>
    public bool InCells { get; init; }

    public static SourceRecord Reject(long line, string reason, string rawText) => new(line, null, reason, rawText);

    public static SourceRecord RowInCells(long line) => new(line, null, null, null) { InCells = true };

    public static SourceRecord RepeatedHeader(long line) => new(line, null, null, null) { IsRepeatedHeader = true };
}
