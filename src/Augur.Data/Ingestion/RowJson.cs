using System.Buffers;

namespace Augur.Data.Ingestion;

/// <summary>
/// Rows of one batch already written as JSON on the reading thread (see <see cref="TypedRowWriter"/>), one after the
/// other in one buffer, with what the profile needs from each kept column, so that the writing thread only copies the
/// bytes and updates the profile in order. One buffer per batch, not one per row: the rows are then read back from
/// consecutive memory (one buffer per row was measured far slower, from cache misses).
/// </summary>
internal sealed class RowJson
{
    public ArrayBufferWriter<byte> Bytes { get; } = new(1 << 16);

    public List<ProfiledValue> Values { get; } = [];

    public void Clear()
    {
        Bytes.ResetWrittenCount();
        Values.Clear();
    }
}

/// <summary>A kept cell as the profile sees it: missing, or its number (numeric columns) or ISO text (dates).</summary>
internal readonly record struct ProfiledValue(bool Missing, double? Number, string? Iso);
