namespace Augur.Data.Reading;

/// <summary>
/// A stretch of a CSV's bytes read on its own, so that two threads can each read a half (see
/// <see cref="CsvSplitter"/>). The first half reads from the start and stops where the second begins; the second
/// starts there, past the header, and reads to the end. The reader reports how the first half ended, because the
/// split is chosen from the bytes alone and only the parser can say whether a record really ends there.
/// </summary>
internal sealed class CsvRange
{
    private CsvRange(long start, long stop, long firstLine, Action? onOverrun = null)
    {
        OnOverrun = onOverrun;
        Start = start;
        Stop = stop;
        FirstLine = firstLine;
    }

    /// <summary>The byte the reading starts at (0: the whole file's start, with its preamble and header).</summary>
    public long Start { get; }

    /// <summary>The byte the reading stops at: no record may cross it (<see cref="long.MaxValue"/>: the end of the file).</summary>
    public long Stop { get; }

    /// <summary>The line number of the first byte, for rejects and messages.</summary>
    public long FirstLine { get; }

    /// <summary>The first half: a record crossed <see cref="Stop"/>, so the reader went on to the end of the file instead.</summary>
    public bool Overran { get; private set; }

    /// <summary>The line number after the last record read.</summary>
    public long NextLine { get; set; }

    private Action? OnOverrun { get; }

    /// <param name="onOverrun">Called once if a record crosses <paramref name="stop"/>: the second half's work is then wasted.</param>
    public static CsvRange FirstHalf(long stop, Action? onOverrun = null) => new(0, stop, 1, onOverrun);

    public static CsvRange SecondHalf(long start, long firstLine) => new(start, long.MaxValue, firstLine);

    public bool IsSecondHalf => Start > 0;

    public bool StopsEarly => Stop != long.MaxValue && !Overran;

    public void MarkOverrun()
    {
        Overran = true;
        OnOverrun?.Invoke();
    }
}

/// <summary>The second half of a split CSV could not be read on its own (it does not decode, or a record is too long): read the file whole instead.</summary>
internal sealed class CsvRangeException(string message, Exception? inner = null) : Exception(message, inner);
