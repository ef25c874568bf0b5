namespace Augur.Data.Reading;

/// <summary>
/// Opens the tables inside one file: one for text formats and Parquet, one per non-empty sheet for a workbook.
/// With <paramref name="deferUtf8Check"/>, a large CSV's UTF-8 check happens while it is read; its reader may then throw
/// <see cref="EncodingChangedException"/> once, and the caller reads again from the start.
/// </summary>
internal static class RowSources
{
    public static List<(string Name, IRowSource Rows)> Open(SourceFile source, Ingestion.IngestOptions options, CancellationToken cancellationToken, bool deferUtf8Check = false)
    {
        switch (source.Format)
        {
            case SourceFormat.Excel:
                return [.. ExcelRowSource.OpenSheets(source, options).Select(s => ($"{source.BaseName}_{s.SheetName}", (IRowSource)s))];
            case SourceFormat.Parquet:
                return [(source.BaseName, new ParquetRowSource(source, options))];
            default:
                var deferred = deferUtf8Check && source.Format is SourceFormat.Csv or SourceFormat.Tsv;
                var encoding = TextEncodingDetector.Detect(source, cancellationToken, deferred);
                IRowSource rows = source.Format switch
                {
                    SourceFormat.Json => new JsonArrayRowSource(source, encoding, options),
                    SourceFormat.JsonLines => new JsonLinesRowSource(source, encoding, options),
                    _ => new CsvRowSource(source, encoding, options),
                };
                return [(source.BaseName, rows)];
        }
    }
}
