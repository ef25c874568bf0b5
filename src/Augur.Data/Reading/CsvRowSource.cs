using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Augur.Data.Ingestion;
using Sylvan.Data.Csv;

namespace Augur.Data.Reading;

/// <summary>
/// CSV and TSV through Sylvan.Data.Csv, with the dialect sniffed up front. Ragged rows and "Total" rows become
/// rejects; a preamble above the header is skipped (and named in the lineage); the header repeated inside the data
/// (files pasted together) is dropped and counted.
/// </summary>
internal sealed class CsvRowSource : IRowSource
{
    private const int SampleChars = 1 << 16;

    private readonly SourceFile source;
    private readonly IngestOptions options;
    private readonly List<string> columns;
    private readonly Dictionary<string, string> description;
    private Encoding encoding;
    private CsvDialect dialect;
    private string[] header;
    private int sampleCharsPerLine = 1;

    public CsvRowSource(SourceFile source, Encoding encoding, IngestOptions options)
    {
        this.source = source;
        this.encoding = encoding;
        this.options = options;
        (dialect, header, columns) = Sniff();
        description = new Dictionary<string, string>
        {
            ["format"] = source.Format == SourceFormat.Tsv ? "tsv" : "csv",
            ["encoding"] = encoding.WebName,
            ["delimiter"] = dialect.Delimiter.ToString(),
            ["quote"] = dialect.Quote.ToString(),
            ["header"] = dialect.HasHeader ? "true" : "false",
            ["preambleLinesSkipped"] = dialect.Preamble.ToString(CultureInfo.InvariantCulture),
        };
    }

    public IReadOnlyList<string> Columns => columns;

    public IReadOnlyDictionary<string, string> Description => description;

    public char Delimiter => dialect.Delimiter;

    public bool ColumnsKnownUpFront => true;

    public bool DecimalCommaPossible => dialect.Delimiter != ',';

    public char Quote => dialect.Quote;

    /// <summary>The file's size as stored (compressed for a <c>.gz</c>): large files are read on a thread of their own.</summary>
    public long StoredBytes => new FileInfo(source.Path).Length;

    /// <summary>About how many rows the file holds, from the length of the sniffed lines (low for a <c>.gz</c>): a sizing hint, nothing more.</summary>
    public long EstimatedRows => StoredBytes / sampleCharsPerLine;

    // Reads synchronously: a local file read through async continuations cost more CPU in thread-pool hand-offs than
    // the parsing itself (profiled), and the caller has nothing else to do meanwhile.
    public IAsyncEnumerable<SourceRecord> ReadAsync(CancellationToken cancellationToken) => Read(cancellationToken).ToAsyncEnumerable();

    public IEnumerable<SourceRecord> Read(CancellationToken cancellationToken)
    {
        var cells = new RowCells();
        var strings = new CellStrings[columns.Count];
        for (var i = 0; i < strings.Length; i++)
        {
            strings[i] = new CellStrings();
        }

        foreach (var record in ReadCells(cells, cancellationToken))
        {
            if (!record.InCells)
            {
                yield return record;
                continue;
            }

            // Trimmed, but missing tokens still as written: callers normalise them (as for every other reader).
            var values = new string?[cells.Count];
            for (var i = 0; i < values.Length; i++)
            {
                var raw = cells.Raw(i);
                values[i] = raw.Length == 0 ? null : strings[i].Get(raw);
            }

            yield return record with { InCells = false, Values = values };
        }
    }

    /// <summary>
    /// Every record; a row comes as <see cref="SourceRecord.RowInCells"/> with its values in <paramref name="cells"/>
    /// (valid until the next record), so no string is made for its cells.
    /// </summary>
    public IEnumerable<SourceRecord> ReadCells(RowCells cells, CancellationToken cancellationToken) => ReadCells(() => cells, cancellationToken);

    /// <summary>As above, each row read into the cells <paramref name="target"/> gives at that moment (a batch's next slot).</summary>
    public IEnumerable<SourceRecord> ReadCells(Func<RowCells> target, CancellationToken cancellationToken) => ReadCells(target, null, cancellationToken);

    /// <summary>The file is stored uncompressed and decodes byte for byte as UTF-8, so it can be read in two halves (<see cref="CsvSplitter"/>).</summary>
    public bool CanSplit => !source.IsGzip && encoding is UTF8Encoding;

    /// <summary>As above, only the records within <paramref name="range"/> (null: the whole file).</summary>
    public IEnumerable<SourceRecord> ReadCells(Func<RowCells> target, CsvRange? range, CancellationToken cancellationToken)
    {
        var stream = source.Open();
        var consumed = 0L;
        if (range is { IsSecondHalf: true })
        {
            stream.Position = range.Start;
        }
        else if (range is not null)
        {
            Span<byte> bom = stackalloc byte[3];
            consumed = stream.Read(bom) == 3 && bom is [0xEF, 0xBB, 0xBF] ? 3 : 0; // the reader skips it: no record holds it
            stream.Position = 0;
        }

        using var text = new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: range is not { IsSecondHalf: true }, 1 << 16);
        var csvOptions = new CsvDataReaderOptions
        {
            HasHeaders = false,
            Delimiter = dialect.Delimiter,
            Quote = dialect.Quote,
            Escape = dialect.Quote,
            // Sylvan skips '#' lines as comments by default; a value such as "#N/A" must never vanish silently.
            Comment = '\0',
            BufferSize = 1 << 16,
            MaxBufferSize = (int)Math.Clamp(options.MaxCellLength * 2L, 1 << 20, 1 << 30),
            OwnsReader = false,
        };
        using var reader = Create(text, csvOptions, range);
        var line = range?.FirstLine ?? 1;
        var preamble = range is { IsSecondHalf: true } ? 0 : dialect.Preamble;
        var headerPending = dialect.HasHeader && range is not { IsSecondHalf: true };
        var any = range is { IsSecondHalf: true };
        var atStop = false;
        var records = 0L;
        while (!atStop && ReadRecord(reader, line, range))
        {
            // Counted in records, not lines: records that span lines could step over every multiple of 4096.
            if ((++records & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var start = line;
            var raw = reader.GetRawRecordSpan();
            line += Math.Max(1, CountLineBreaks(raw)); // the raw record ends with its line break, except at the end of the file
            if (range is { StopsEarly: true })
            {
                // Every character read belongs to exactly one record's raw text, so their bytes add up to the position.
                consumed += encoding.GetByteCount(raw);
                if (consumed == range.Stop)
                {
                    atStop = true;
                }
                else if (consumed > range.Stop)
                {
                    range.MarkOverrun(); // the cut was inside this record: read on to the end, as one thread would
                }
            }
            var count = reader.RowFieldCount;
            if (count == 1 && reader.GetFieldSpan(0).IsWhiteSpace() && (preamble > 0 || headerPending || columns.Count > 1))
            {
                continue; // a blank line carries no data and is not a row
            }

            any = true;
            if (preamble > 0)
            {
                preamble--;
                continue; // counted in the lineage as preamble, sniffed from the same text
            }

            if (headerPending)
            {
                headerPending = false;
                continue;
            }

            if (dialect.HasHeader && IsHeader(reader, count))
            {
                yield return SourceRecord.RepeatedHeader(start);
                continue;
            }

            var cells = target();
            var record = ToRecord(reader, start, count, cells);
            if (record.InCells && SummaryRows.Label(cells) is { } label)
            {
                record = SourceRecord.Reject(start, SummaryRows.Reason(label), reader.GetRawRecordSpan().TrimEnd("\r\n").ToString());
            }

            yield return record;
        }

        if (range is not null)
        {
            range.NextLine = line;
        }

        if (!any)
        {
            throw new IngestException($"{source.Label}: the file has no columns.") { File = source.Label };
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool IsHeader(CsvDataReader reader, int count)
    {
        if (header.Length < 2 || count < header.Length)
        {
            return false;
        }

        for (var i = 0; i < header.Length; i++)
        {
            if (!reader.GetFieldSpan(i).Trim().SequenceEqual(header[i]))
            {
                return false;
            }
        }

        return true;
    }

    private CsvDataReader Create(StreamReader text, CsvDataReaderOptions csvOptions, CsvRange? range)
    {
        try
        {
            return CsvDataReader.Create(text, csvOptions);
        }
        catch (DecoderFallbackException ex) when (range is { IsSecondHalf: true })
        {
            throw new CsvRangeException("the second half does not decode", ex);
        }
        catch (DecoderFallbackException ex)
        {
            throw SwitchToLegacy(ex, 1);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ReadRecord(CsvDataReader reader, long line, CsvRange? range)
    {
        try
        {
            return reader.Read();
        }
        catch (Exception ex) when (range is { IsSecondHalf: true } && ex is DecoderFallbackException or CsvRecordTooLargeException)
        {
            // The second half must not switch the shared encoding under the first: the file is read whole instead,
            // which meets the same problem and reports it as one thread does.
            throw new CsvRangeException("the second half cannot be read on its own", ex);
        }
        catch (DecoderFallbackException ex)
        {
            throw SwitchToLegacy(ex, line);
        }
        catch (CsvRecordTooLargeException ex)
        {
            throw new IngestException(
                $"{source.Label}: the record starting near line {line} is longer than the limit ({options.MaxCellLength} characters per cell).",
                ex)
            { File = source.Label, Row = line };
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private SourceRecord ToRecord(CsvDataReader reader, long line, int count, RowCells cells)
    {
        var expected = columns.Count;
        if (count != expected)
        {
            var extraEmpty = count > expected;
            for (var i = expected; extraEmpty && i < count; i++)
            {
                extraEmpty = reader.GetFieldSpan(i).IsWhiteSpace();
            }

            if (!extraEmpty)
            {
                return SourceRecord.Reject(
                    line,
                    string.Create(CultureInfo.InvariantCulture, $"expected {expected} fields, found {count}"),
                    reader.GetRawRecordSpan().TrimEnd("\r\n").ToString());
            }
        }

        cells.Clear();
        for (var i = 0; i < expected; i++)
        {
            var span = reader.GetFieldSpan(i);
            if (span.Length > options.MaxCellLength)
            {
                return SourceRecord.Reject(
                    line,
                    $"the value in column '{columns[i]}' is longer than {options.MaxCellLength} characters",
                    reader.GetRawRecordSpan()[..Math.Min(4096, reader.GetRawRecordSpan().Length)].ToString());
            }

            cells.Add(span);
        }

        return SourceRecord.RowInCells(line);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CountLineBreaks(ReadOnlySpan<char> raw)
    {
        // Usually one break, at the end: jump from break to break rather than test every character.
        var count = 0;
        var i = raw.IndexOfAny('\r', '\n');
        while (i >= 0)
        {
            if (raw[i] == '\n' || i + 1 == raw.Length || raw[i + 1] != '\n')
            {
                count++;
            }

            var next = raw[(i + 1)..].IndexOfAny('\r', '\n');
            i = next < 0 ? -1 : i + 1 + next;
        }

        return count;
    }

    private (CsvDialect Dialect, string[] Header, List<string> Columns) Sniff()
    {
        var (sample, complete) = ReadSample();
        if (string.IsNullOrWhiteSpace(sample))
        {
            throw new IngestException($"{source.Label}: the file has no columns (it is blank).") { File = source.Label };
        }

        sampleCharsPerLine = Math.Max(1, sample.Length / Math.Max(1, sample.AsSpan().Count('\n')));
        var sniffed = CsvSniffer.Sniff(sample, complete, source.Format == SourceFormat.Tsv ? '\t' : ',');
        if (source.IsPlainText && (source.IsUnnamedText ? !ProseDetector.LooksLikeTable(sample, complete, sniffed) : ProseDetector.LooksLikeProse(sample, complete, sniffed)))
        {
            throw new IngestException(
                $"{source.Label}: looks like text, not a table (no delimiter splits its lines into the same columns).")
            { File = source.Label };
        }

        if (sniffed.FirstRow.Count == 0)
        {
            throw new IngestException(
                $"{source.Label}: no complete line in the first {SampleChars} characters; this is not a delimited table.")
            { File = source.Label, Row = 1 };
        }

        if (sniffed.FirstRow.Count > options.MaxColumns)
        {
            throw new IngestException(
                $"{source.Label}: line {sniffed.Preamble + 1} has {sniffed.FirstRow.Count} columns, more than the limit of {options.MaxColumns}.")
            { File = source.Label, Row = sniffed.Preamble + 1 };
        }

        List<string> names = sniffed.HasHeader
            ? ColumnNames.Clean(sniffed.FirstRow)
            : [.. Enumerable.Range(0, sniffed.FirstRow.Count).Select(ColumnNames.Positional)];
        return (sniffed, [.. sniffed.FirstRow.Select(v => v.Trim())], names);
    }

    /// <summary>The file is not UTF-8 after all: decode it in the legacy code page from now on, sniffed again.</summary>
    private EncodingChangedException SwitchToLegacy(DecoderFallbackException cause, long line)
    {
        encoding = TextEncodingDetector.LegacyGuess(source);
        var (newDialect, newHeader, newColumns) = Sniff();
        (dialect, header) = (newDialect, newHeader);
        columns.Clear();
        columns.AddRange(newColumns);
        description["encoding"] = encoding.WebName;
        description["delimiter"] = dialect.Delimiter.ToString();
        description["quote"] = dialect.Quote.ToString();
        description["header"] = dialect.HasHeader ? "true" : "false";
        description["preambleLinesSkipped"] = dialect.Preamble.ToString(CultureInfo.InvariantCulture);
        return new EncodingChangedException($"{source.Label}: not UTF-8 near line {line}; read again as {encoding.WebName}.", cause);
    }

    private (string Sample, bool Complete) ReadSample()
    {
        using var text = new StreamReader(source.Open(), encoding, detectEncodingFromByteOrderMarks: true);
        var buffer = new char[SampleChars];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = text.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += read;
        }

        return (new string(buffer, 0, total), total < buffer.Length);
    }
}
