using System.Runtime.CompilerServices;
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
    private char[] chars;
    private int[] starts = new int[16];
    private int[] lengths = new int[16];
    private bool[] missing = new bool[16];
    private int used;
    private UInt128? hash;

    /// <param name="capacity">Characters held before the buffer grows: small for the many rows of a batch, so that they stay in cache.</param>
    public RowCells(int capacity = 1024) => chars = new char[capacity];

    public int Count { get; private set; }

    /// <summary>Where the reading thread writes rows ahead (pass 2 of a large file): one per batch, shared by its rows.</summary>
    public Ingestion.RowJson? Json { get; set; }

    /// <summary>Where this row's JSON starts in <see cref="Json"/>, or -1 when it was not written ahead.</summary>
    public int JsonStart { get; set; } = -1;

    public int JsonLength { get; set; }

    /// <summary>Where this row's profiled values start in <see cref="Json"/>.</summary>
    public int ValuesStart { get; set; }

    public void Clear()
    {
        Count = 0;
        used = 0;
        hash = null;
    }

    /// <summary>The row's hash for duplicate detection, computed once (a reading thread may compute it ahead of its use).</summary>
    /// <param name="width">Only the first cells count: a concatenation's <c>_source_file</c> is left out, so that a row
    /// exported twice, in two files, is still a repeat. The hash is kept from the first call, so a table always asks
    /// with the same width.</param>
    public UInt128 Hash(int width = int.MaxValue) => hash ??= Hashing.HashRow(this, width);

    /// <summary>Appends one cell; it is trimmed here, and a missing token or empty text is marked missing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
