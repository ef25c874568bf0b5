using System.Text.Json.Nodes;

namespace Augur.Data.Reading;

/// <summary>
/// One record of <see cref="TypedTableReader.ReadCellsAsync"/>: a row as cells in the order the caller asked for, or
/// the line of the file that could not be read and why.
/// </summary>
#pragma warning disable CA1819 // The cells are handed over once, to be read by position.
public readonly record struct TypedCells(long Line, JsonNode?[]? Cells, string? RejectReason);
#pragma warning restore CA1819
