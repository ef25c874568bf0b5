using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Augur.Data.Inference;
using Augur.Data.Ingestion;
using Augur.Data.Schema;

namespace Augur.Data.Reading;

/// <summary>
/// Reads one file once, straight into typed rows, when the caller already knows the columns' types (a model scoring a
/// file it was trained for). It skips what <see cref="Ingestor"/> does for an unknown file: the inference pass over
/// every row and the JSONL written and read back. Reading, dialect and encoding sniffing, trimming, missing tokens and
/// value parsing are the ingestion's own. Only the first <see cref="SampleRows"/> rows are looked at before the rest
/// streams, to find what the types do not say: the decimal separator, the date order, case variants of a category
/// and which columns are identifiers. A value that does not fit its type is kept as text, for the caller to reject.
/// </summary>
public sealed class TypedTableReader : IAsyncDisposable
{
    public const int SampleRows = 10_000;

    private readonly IAsyncEnumerator<SourceRecord> _records;

    // The row being handed out: every row record of _records arrives with its values here (a CSV's straight from the
    // reader's buffer, without a string per cell), and a sampled row is copied back here when it is replayed.
    private readonly RowCells _cells;
    private readonly List<SourceRecord> _sample;
    private readonly IReadOnlyList<ColumnPlan> _plans;
    private readonly bool _sampleWasAll;

    private TypedTableReader(string label, IAsyncEnumerator<SourceRecord> records, RowCells cells, List<SourceRecord> sample, bool sampleWasAll, IReadOnlyList<ColumnPlan> plans)
    {
        Label = label;
        _records = records;
        _cells = cells;
        _sample = sample;
        _sampleWasAll = sampleWasAll;
        _plans = plans;
        Columns = [.. plans.Select(p => p.ToSchema())];
    }

    /// <summary>How messages name the file.</summary>
    public string Label { get; }

    /// <summary>The file's columns in order, typed as given (or, for the others, as the sample suggests).</summary>
    public IReadOnlyList<ColumnSchema> Columns { get; }

    /// <summary>
    /// Opens a single file of a format Augur.Data reads, or returns null for what this reader leaves to
    /// <see cref="Ingestor"/>: folders, .zip archives, workbooks with several sheets, files without columns.
    /// </summary>
    /// <exception cref="IngestException">The file cannot be read; the message names it.</exception>
    public static async Task<TypedTableReader?> OpenAsync(
        string path, IReadOnlyDictionary<string, ColumnType> types, IngestOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentNullException.ThrowIfNull(options);
        if (!File.Exists(path) || ArchiveExtractor.IsZip(path) || SourceFile.TryCreateOrSniff(path) is not { } file)
        {
            return null;
        }

        IRowSource rows;
        try
        {
            var tables = RowSources.Open(file, options, cancellationToken);
            if (tables.Count != 1)
            {
                return null;
            }

            rows = tables[0].Rows;
        }
        catch (Exception ex) when (ex is not (IngestException or OperationCanceledException or OutOfMemoryException))
        {
            throw new IngestException($"{file.Label}: could not be read: {ex.Message.ReplaceLineEndings(" ")}", ex) { File = file.Label };
        }

        if (!rows.ColumnsKnownUpFront)
        {
            // JSON grows its columns while reading: only the whole file says what they are, so ingestion reads it.
            return null;
        }

        var cells = new RowCells();
        var records = InCells(rows, cells, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            return await SampleAsync(file.Label, rows, records, cells, types);
        }
        catch
        {
            await records.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The source's records with every row's values in <paramref name="cells"/> (<see cref="SourceRecord.InCells"/>):
    /// a CSV is read span by span, as ingestion reads it; the other readers' strings are copied in.
    /// </summary>
    private static async IAsyncEnumerable<SourceRecord> InCells(IRowSource rows, RowCells cells, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (rows is CsvRowSource csv)
        {
            // Synchronous, as the CSV reader is: a local file read through async continuations costs more than parsing it.
            foreach (var record in csv.ReadCells(cells, cancellationToken))
            {
                yield return record;
            }

            yield break;
        }

        await foreach (var record in rows.ReadAsync(cancellationToken))
        {
            if (record.Values is { } values && !record.IsRepeatedHeader)
            {
                cells.Set(values);
                yield return record with { Values = null, InCells = true };
            }
            else
            {
                yield return record;
            }
        }
    }

    private static async Task<TypedTableReader?> SampleAsync(
        string label, IRowSource rows, IAsyncEnumerator<SourceRecord> records, RowCells cells, IReadOnlyDictionary<string, ColumnType> types)
    {
        var sample = new List<SourceRecord>();
        var columns = new List<ColumnAccumulator>();
        long accepted = 0;
        var more = true;
        while (accepted < SampleRows && (more = await NextAsync(records, label)))
        {
            var record = records.Current;
            if (!record.InCells)
            {
                sample.Add(record);
                continue;
            }

            // Kept as strings (trimmed, missing as null) to be handed out again once the types are decided.
            var values = new string?[cells.Count];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = cells.IsMissing(i) ? null : cells[i].ToString();
            }

            sample.Add(record with { Values = values, InCells = false });

            accepted++;
            while (columns.Count < rows.Columns.Count)
            {
                columns.Add(new ColumnAccumulator(rows.DecimalCommaPossible, rows.Columns.Count));
            }

            for (var i = 0; i < values.Length; i++)
            {
                columns[i].Observe(values[i]);
            }
        }

        if (rows.Columns.Count == 0)
        {
            // Ingestion says why, in its own words.
            await records.DisposeAsync();
            return null;
        }

        while (columns.Count < rows.Columns.Count)
        {
            columns.Add(new ColumnAccumulator(rows.DecimalCommaPossible, rows.Columns.Count));
        }

        var plans = rows.Columns.Select((name, i) =>
        {
            var plan = TypeInference.Decide(name, columns[i], accepted, types);
            return plan.Type == ColumnType.Categorical && CategoryMerger.Find(columns[i].Counts) is { Count: > 0 } merges ? plan with { Merges = merges } : plan;
        }).ToList();
        return new TypedTableReader(label, records, cells, sample, !more, plans);
    }

    /// <summary>
    /// Every record of the file in order, the sample first: a row as JSON values (only the columns in
    /// <paramref name="wanted"/>), a line that could not be read (with why), or nothing for a repeated header.
    /// </summary>
    public async IAsyncEnumerable<TypedRecord> ReadAsync(IReadOnlySet<string> wanted, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        int[] columns = [.. Enumerable.Range(0, _plans.Count).Where(i => wanted.Contains(_plans[i].Name))];
        await foreach (var record in RecordsAsync(cancellationToken))
        {
            if (!record.InCells)
            {
                yield return new TypedRecord(record.Line, null, record.RejectReason ?? "the row could not be read");
                continue;
            }

            var row = new JsonObject();
            foreach (var i in columns)
            {
                row[_plans[i].Name] = _cells.IsMissing(i) ? null : Convert(_plans[i], _cells[i]);
            }

            yield return new TypedRecord(record.Line, row, null);
        }
    }

    /// <summary>
    /// As <see cref="ReadAsync"/>, with each row as cells in the order of <paramref name="columns"/> (null where the
    /// file has no such column or the cell is missing): the same values, without a JSON object per row, for callers
    /// that read millions of rows by position. A categorical cell is one value shared by every row with that category:
    /// clone it (<see cref="JsonNode.DeepClone"/>) before putting it into a JSON object.
    /// </summary>
    /// <param name="columns">The columns wanted, in the order of each row's cells.</param>
    /// <param name="rent">
    /// Gives the array each row's cells are written into (every one of its first <paramref name="columns"/>.Count
    /// entries is set): a caller that keeps batches of rows can hand back the arrays of a batch it is done with, so
    /// that millions of rows do not cost an array each. Null: a new array per row.
    /// </param>
    /// <param name="cancellationToken">Stops the reading.</param>
    public async IAsyncEnumerable<TypedCells> ReadCellsAsync(
        IReadOnlyList<string> columns, Func<JsonNode?[]>? rent, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(columns);
        int[] at = [.. columns.Select(name => _plans.ToList().FindIndex(p => string.Equals(p.Name, name, StringComparison.Ordinal)))];
        var categories = at.Select(i => i >= 0 && _plans[i].Type == ColumnType.Categorical ? new CategoryCells(_plans[i]) : null).ToArray();
        await foreach (var record in RecordsAsync(cancellationToken))
        {
            if (!record.InCells)
            {
                yield return new TypedCells(record.Line, null, record.RejectReason ?? "the row could not be read");
                continue;
            }

            var cells = rent?.Invoke() ?? new JsonNode?[at.Length];
            for (var c = 0; c < at.Length; c++)
            {
                var i = at[c];
                cells[c] = i < 0 || _cells.IsMissing(i) ? null
                    : categories[c] is { } known ? known.Cell(_cells[i])
                    : Convert(_plans[i], _cells[i]);
            }

            yield return new TypedCells(record.Line, cells, null);
        }
    }

    /// <summary>
    /// One JSON value per distinct category of a column, handed out for every row that has it (a million rows of a
    /// dozen categories need a dozen values, not a million, and no string each). The values are shared: a caller that
    /// puts a cell into a JSON object clones it first. Up to <see cref="MaxShared"/> values per column; rarer ones get
    /// their own.
    /// </summary>
    private sealed class CategoryCells
    {
        private const int MaxShared = 4_096;
        private readonly ColumnPlan _plan;
        private readonly Dictionary<string, JsonValue> _values = new(StringComparer.Ordinal);
        private readonly Dictionary<string, JsonValue>.AlternateLookup<ReadOnlySpan<char>> _lookup;

        public CategoryCells(ColumnPlan plan)
        {
            _plan = plan;
            _lookup = _values.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public JsonValue Cell(ReadOnlySpan<char> value)
        {
            if (_lookup.TryGetValue(value, out var cell))
            {
                return cell;
            }

            cell = Convert(_plan, value);
            if (_values.Count < MaxShared)
            {
                _values[value.ToString()] = cell;
            }

            return cell;
        }
    }

    /// <summary>
    /// The file's records in order, the sample first, without repeated headers; a row's values are in
    /// <see cref="_cells"/> until the next record.
    /// </summary>
    private async IAsyncEnumerable<SourceRecord> RecordsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var record in _sample)
        {
            if (record.Values is { } values)
            {
                _cells.Set(values);
                yield return record with { Values = null, InCells = true };
            }
            else if (!record.IsRepeatedHeader)
            {
                yield return record;
            }
        }

        _sample.Clear();
        if (_sampleWasAll)
        {
            yield break;
        }

        while (await NextAsync(_records, Label))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!_records.Current.IsRepeatedHeader)
            {
                yield return _records.Current;
            }
        }
    }

    public ValueTask DisposeAsync() => _records.DisposeAsync();

    // Bad content surfaces from deep inside decoders and parsers; the caller gets one line naming the file, as from ingestion.
    private static async ValueTask<bool> NextAsync(IAsyncEnumerator<SourceRecord> records, string label)
    {
        try
        {
            return await records.MoveNextAsync();
        }
        catch (Exception ex) when (ex is not (IngestException or OperationCanceledException or OutOfMemoryException))
        {
            throw new IngestException($"{label}: could not be read: {ex.Message.ReplaceLineEndings(" ")}", ex) { File = label };
        }
    }

    /// <summary>The JSON value ingestion would write for this cell (see <see cref="ColumnPlan.Write"/>): the same parsers, the same fallback to text.</summary>
    private static JsonValue Convert(ColumnPlan plan, ReadOnlySpan<char> value)
    {
        switch (plan.Type)
        {
            case ColumnType.Integer when NumberParser.TryParse(value, plan.DecimalSeparator, out _, out var whole, out var integer) && whole:
                return JsonValue.Create(integer);
            case ColumnType.Number when NumberParser.TryParse(value, plan.DecimalSeparator, out var number, out _, out _):
                return JsonValue.Create(number);
            case ColumnType.Boolean when BooleanParser.TryParse(value, out var flag, out _):
                return JsonValue.Create(flag);
            case ColumnType.Date when DateParser.TryParse(value, plan.DateFamily, out var date, out _):
                return JsonValue.Create(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            case ColumnType.DateTime when DateParser.TryParse(value, plan.DateFamily, out var dateTime, out var offset):
                return JsonValue.Create(offset is { } o
                    ? new DateTimeOffset(dateTime, o).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture)
                    : dateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture));
            default:
                var text = value.ToString();
                return JsonValue.Create(plan.Merges is not null && plan.Merges.TryGetValue(text, out var merged) ? merged : text);
        }
    }
}
