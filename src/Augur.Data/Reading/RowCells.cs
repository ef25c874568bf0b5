using Augur.Data.Inference;

namespace Augur.Data.Reading;

/// <summary>
/// One row's cells as spans over a single reused buffer, trimmed, with the missing tokens marked missing. Ingestion
/// reads every cell through this instead of a string per cell: numbers, dates and flags are parsed from the span,
/// and text is written to the JSON straight from it, so a large file costs almost no allocations (profiled: the
/// strings and their garbage collections were the largest single cost). Valid until the next row is read into it.
/// </summary>
internal sealed class RowCells
{
    private char[] chars = new char[1024];
    private int[] starts = new int[16];
    private int[] lengths = new int[16];
    private bool[] missing = new bool[16];
    private int used;

    public int Count { get; private set; }

    public void Clear()
    {
        Count = 0;
        used = 0;
    }

    /// <summary>Appends one cell; it is trimmed here, and a missing token or empty text is marked missing.</summary>
    public void Add(ReadOnlySpan<char> raw)
    {
        var value = raw.Trim();
        if (Count == starts.Length)
        {
            Array.Resize(ref starts, Count * 2);
            Array.Resize(ref lengths, Count * 2);
            Array.Resize(ref missing, Count * 2);
        }

        if (used + value.Length > chars.Length)
        {
            Array.Resize(ref chars, Math.Max(chars.Length * 2, used + value.Length));
        }

        value.CopyTo(chars.AsSpan(used));
        starts[Count] = used;
        lengths[Count] = value.Length;
        missing[Count] = MissingValues.IsMissing(value);
        used += value.Length;
        Count++;
    }

    /// <summary>Replaces the row with these values (a reader that makes strings: JSON, workbooks, Parquet, concatenations).</summary>
    public void Set(string?[] values)
    {
        Clear();
        foreach (var value in values)
        {
            Add(value);
        }
    }

    public bool IsMissing(int i) => i >= Count || missing[i];

    /// <summary>The trimmed text of a present cell (see <see cref="IsMissing"/>).</summary>
    public ReadOnlySpan<char> this[int i] => chars.AsSpan(starts[i], lengths[i]);

    /// <summary>The trimmed text even when it is a missing token (summary-row labels are looked for before missing tokens go).</summary>
    public ReadOnlySpan<char> Raw(int i) => chars.AsSpan(starts[i], lengths[i]);
}
