namespace Augur.Data.Reading;

/// <summary>
/// Finds where a plain (not compressed) CSV can be cut in two for two threads: the first line break past the middle
/// that follows an even number of quote characters, so that it is not inside a quoted field, as SIMD CSV parsers
/// split their input. Quotes and line breaks before it are counted with vectorised searches (tens of milliseconds for
/// 100 MB). A stray quote in an unquoted field can fool the parity; the first half's reader then finds that no
/// record ends at the cut (<see cref="CsvRange.Overran"/>) and reads on alone, so a wrong guess costs time, never rows.
/// </summary>
internal static class CsvSplitter
{
    private const int Chunk = 1 << 20;

    /// <summary>How far past the middle a balanced line break is looked for before giving up.</summary>
    private const int MaxWalk = 8 << 20;

    /// <summary>The cut (the first byte of the second half) and the line number there, or null when there is none.</summary>
    public static (long Byte, long Line)? Find(string path, char quoteChar)
    {
        if (quoteChar > 127)
        {
            return null;
        }

        var quote = (byte)quoteChar;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var length = stream.Length;
        var middle = length / 2;
        var buffer = new byte[Chunk];
        long quotes = 0, breaks = 0, position = 0;
        var previousCr = false;
        while (position < middle)
        {
            var span = buffer.AsSpan(0, stream.Read(buffer, 0, (int)Math.Min(Chunk, middle - position)));
            if (span.IsEmpty)
            {
                return null;
            }

            quotes += span.Count(quote);
            breaks += LineBreaks(span, previousCr);
            previousCr = span[^1] == (byte)'\r';
            position += span.Length;
        }

        var walked = 0;
        while (walked < MaxWalk)
        {
            var read = stream.Read(buffer, 0, Chunk);
            if (read == 0)
            {
                return null;
            }

            for (var i = 0; i < read; i++)
            {
                var b = buffer[i];
                if (b == quote)
                {
                    quotes++;
                }
                else if (b == (byte)'\r')
                {
                    breaks++;
                }
                else if (b == (byte)'\n')
                {
                    breaks += previousCr ? 0 : 1;
                    if ((quotes & 1) == 0)
                    {
                        var cut = position + i + 1;
                        return cut < length ? (cut, 1 + breaks) : null;
                    }
                }

                previousCr = b == (byte)'\r';
            }

            position += read;
            walked += read;
        }

        return null;
    }

    /// <summary>Line breaks as the reader counts them: "\r\n", a lone "\r" and a lone "\n" are one each.</summary>
    private static long LineBreaks(ReadOnlySpan<byte> span, bool previousCr)
    {
        long count = span.Count((byte)'\n');
        var crs = span.Count((byte)'\r');
        if (crs == 0)
        {
            return count - (previousCr && span[0] == (byte)'\n' ? 1 : 0);
        }

        count += crs;
        if (previousCr && span[0] == (byte)'\n')
        {
            count--;
        }

        for (var i = span.IndexOf((byte)'\r'); i >= 0 && i + 1 < span.Length;)
        {
            if (span[i + 1] == (byte)'\n')
            {
                count--;
            }

            var next = span[(i + 1)..].IndexOf((byte)'\r');
            i = next < 0 ? -1 : i + 1 + next;
        }

        return count;
    }
}
