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
    private readonly List<SourceRecord> _sample;
    private readonly IReadOnlyList<ColumnPlan> _plans;
    private readonly bool _sampleWasAll;

    private TypedTableReader(string label, IAsyncEnumerator<SourceRecord> records, List<SourceRecord> sample, bool sampleWasAll, IReadOnlyList<ColumnPlan> plans)
    {
        Label = label;
        _records = records;
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

        var records = rows.ReadAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            return await SampleAsync(file.Label, rows, records, types);
        }
        catch
        {
            await records.DisposeAsync();
            throw;
        }
    }

    private static async Task<TypedTableReader?> SampleAsync(
        string label, IRowSource rows, IAsyncEnumerator<SourceRecord> records, IReadOnlyDictionary<string, ColumnType> types)
    {
        var sample = new List<SourceRecord>();
        var columns = new List<ColumnAccumulator>();
        long accepted = 0;
        var more = true;
        while (accepted < SampleRows && (more = await NextAsync(records, label)))
        {
            var record = records.Current;
            sample.Add(record);
            if (Normalize(record) is not { } values)
            {
                continue;
            }

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
        return new TypedTableReader(label, records, sample, !more, plans);
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
            if (Normalize(record) is not { } values)
            {
                yield return new TypedRecord(record.Line, null, record.RejectReason ?? "the row could not be read");
                continue;
            }

            var row = new JsonObject();
            foreach (var i in columns)
            {
                var value = i < values.Length ? values[i] : null;
                row[_plans[i].Name] = value is null ? null : Convert(_plans[i], value);
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
    public async IAsyncEnumerable<TypedCells> ReadCellsAsync(IReadOnlyList<string> columns, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(columns);
        int[] at = [.. columns.Select(name => _plans.ToList().FindIndex(p => string.Equals(p.Name, name, StringComparison.Ordinal)))];
        var categories = at.Select(i => i >= 0 && _plans[i].Type == ColumnType.Categorical ? new CategoryCells(_plans[i]) : null).ToArray();
        await foreach (var record in RecordsAsync(cancellationToken))
        {
            if (Normalize(record) is not { } values)
            {
                yield return new TypedCells(record.Line, null, record.RejectReason ?? "the row could not be read");
                continue;
            }

            var cells = new JsonNode?[at.Length];
            for (var c = 0; c < at.Length; c++)
            {
                var i = at[c];
                if (i >= 0 && i < values.Length && values[i] is { } value)
                {
                    cells[c] = categories[c] is { } known ? known.Cell(value) : Convert(_plans[i], value);
                }
            }

            yield return new TypedCells(record.Line, cells, null);
        }
    }

    /// <summary>
    /// One JSON value per distinct category of a column, handed out for every row that has it (a million rows of a
    /// dozen categories need a dozen values, not a million). The values are shared: a caller that puts a cell into a
    /// JSON object clones it first. Up to <see cref="MaxShared"/> values per column; rarer ones get their own.
    /// </summary>
    private sealed class CategoryCells(ColumnPlan plan)
    {
        private const int MaxShared = 4_096;
        private readonly Dictionary<string, JsonValue> _values = new(StringComparer.Ordinal);

        public JsonValue Cell(string value)
        {
            if (_values.TryGetValue(value, out var cell))
            {
                return cell;
            }

            cell = Convert(plan, value);
            if (_values.Count < MaxShared)
            {
                _values[value] = cell;
            }

            return cell;
        }
    }

    /// <summary>The file's records in order, the sample first, without repeated headers.</summary>
    private async IAsyncEnumerable<SourceRecord> RecordsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var record in _sample)
        {
            if (!record.IsRepeatedHeader)
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

    /// <summary>Trimmed values with missing tokens as null, as ingestion has them; null for a record that is not a row.</summary>
    private static string?[]? Normalize(SourceRecord record)
    {
        if (record.Values is not { } values || record.IsRepeatedHeader)
        {
            return null;
        }

        for (var i = 0; i < values.Length; i++)
        {
            values[i] = MissingValues.Normalize(values[i]);
        }

        return values;
    }

    /// <summary>The JSON value ingestion would write for this cell (see <see cref="ColumnPlan.Write"/>): the same parsers, the same fallback to text.</summary>
    private static JsonValue Convert(ColumnPlan plan, string value)
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
                return JsonValue.Create(plan.Merges is not null && plan.Merges.TryGetValue(value, out var merged) ? merged : value);
        }
    }
}
