using System.Text.Json.Nodes;

namespace Augur.Data.Reading;

/// <summary>One record of a <see cref="TypedTableReader"/>: a row, or the line of the file that could not be read and why.</summary>
public sealed record TypedRecord(long Line, JsonObject? Row, string? RejectReason);
