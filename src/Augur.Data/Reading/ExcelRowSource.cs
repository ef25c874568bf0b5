using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Augur.Data.Ingestion;
using ExcelDataReader;

namespace Augur.Data.Reading;

/// <summary>
/// One sheet of an XLSX or XLS workbook through ExcelDataReader, which streams rows. The header may sit below a
/// title block (<see cref="HeaderLocator"/>); rows above it are named in the lineage. Cells arrive typed and are
/// turned into invariant text (<see cref="CellText"/>) so inference treats them like any other file.
/// </summary>
internal sealed class ExcelRowSource : IRowSource
{
    private const int HeaderSearchRows = 50;

    private readonly SourceFile source;
    private readonly IngestOptions options;
    private readonly int sheet;
    private readonly int headerIndex;
    private readonly bool hasHeader;
    private readonly string[] header;
    private readonly List<string> columns;

    static ExcelRowSource() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private ExcelRowSource(SourceFile source, IngestOptions options, int sheet, string sheetName, List<string?[]> top)
    {
        this.source = source;
        this.options = options;
        this.sheet = sheet;
        SheetName = sheetName;
        headerIndex = HeaderLocator.Find(top);
        var first = top[headerIndex];
        var width = top.Skip(headerIndex).Max(LastFilled) + 1;
        if (width > options.MaxColumns)
        {
            throw new IngestException(
                $"{source.Label}: sheet '{sheetName}' has {width} columns, more than the limit of {options.MaxColumns}.")
            { File = source.Label, Row = headerIndex + 1 };
        }

        hasHeader = first.All(v => v is null || !HeaderLocator.LooksTyped(v));
        header = [.. Enumerable.Range(0, width).Select(i => i < first.Length ? first[i]?.Trim() ?? "" : "")];
        columns = hasHeader ? ColumnNames.Clean(header) : [.. Enumerable.Range(0, width).Select(ColumnNames.Positional)];
        Description = new Dictionary<string, string>
        {
            ["format"] = Path.GetExtension(source.Path).TrimStart('.').ToLowerInvariant(),
            ["sheet"] = sheetName,
            ["header"] = hasHeader ? "true" : "false",
            ["headerRow"] = (headerIndex + 1).ToString(CultureInfo.InvariantCulture),
            ["preambleLinesSkipped"] = top.Take(headerIndex).Count(r => HeaderLocator.Filled(r) > 0).ToString(CultureInfo.InvariantCulture),
        };
    }

    public string SheetName { get; }

    public IReadOnlyList<string> Columns => columns;

    public bool ColumnsKnownUpFront => true;

    public bool DecimalCommaPossible => false;

    public IReadOnlyDictionary<string, string> Description { get; }

    /// <summary>Every sheet that holds at least one filled cell, in workbook order.</summary>
    public static List<ExcelRowSource> OpenSheets(SourceFile source, IngestOptions options)
    {
        var sheets = new List<ExcelRowSource>();
        using var stream = OpenStream(source);
        using var reader = ExcelReaderFactory.CreateReader(stream);
        var index = 0;
        do
        {
            var top = new List<string?[]>();
            while (top.Count < HeaderSearchRows && reader.Read())
            {
                top.Add(Row(reader));
            }

            if (top.Any(r => HeaderLocator.Filled(r) > 0))
            {
                sheets.Add(new ExcelRowSource(source, options, index, reader.Name, top));
            }

            index++;
        }
        while (reader.NextResult());

        return sheets;
    }

    public async IAsyncEnumerable<SourceRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        using var stream = OpenStream(source);
        using var reader = ExcelReaderFactory.CreateReader(stream);
        for (var i = 0; i < sheet; i++)
        {
            reader.NextResult();
        }

        var row = 0L;
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            row++;
            if (row <= headerIndex + (hasHeader ? 1 : 0))
            {
                continue;
            }

            var values = Row(reader);
            if (HeaderLocator.Filled(values) == 0)
            {
                continue;
            }

            yield return ToRecord(values, row);
        }
    }

    private SourceRecord ToRecord(string?[] values, long row)
    {
        if (hasHeader && header.Length >= 2 && values.Length >= header.Length
            && header.Select((h, i) => (values[i]?.Trim() ?? "") == h).All(same => same))
        {
            return SourceRecord.RepeatedHeader(row);
        }

        if (LastFilled(values) >= columns.Count)
        {
            return SourceRecord.Reject(row, $"expected {columns.Count} cells, found {LastFilled(values) + 1}", Raw(values));
        }

        var cells = new string?[columns.Count];
        for (var i = 0; i < cells.Length && i < values.Length; i++)
        {
            if (values[i] is { Length: var length } && length > options.MaxCellLength)
            {
                return SourceRecord.Reject(row, $"the value in column '{columns[i]}' is longer than {options.MaxCellLength} characters", Truncate(Raw(values)));
            }

            cells[i] = values[i];
        }

        return SummaryRows.Label(cells) is { } label
            ? SourceRecord.Reject(row, SummaryRows.Reason(label), Raw(values))
            : new SourceRecord(row, cells, null, null);
    }

    private static string Truncate(string text) => text.Length <= 4096 ? text : text[..4096];

    private static string Raw(string?[] values) => string.Join(",", values.Select(v => v ?? ""));

    private static int LastFilled(string?[] row)
    {
        for (var i = row.Length - 1; i >= 0; i--)
        {
            if (!string.IsNullOrWhiteSpace(row[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static string?[] Row(IExcelDataReader reader)
    {
        var values = new string?[reader.FieldCount];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = CellText.Format(reader.GetValue(i));
        }

        return values;
    }

    private static FileStream OpenStream(SourceFile source) =>
        new(source.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
}
