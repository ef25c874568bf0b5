using System.Collections;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Augur.Data.Ingestion;
using Parquet;
using Parquet.Serialization;

namespace Augur.Data.Reading;

/// <summary>
/// A Parquet file through Parquet.Net, one row group at a time (memory follows the row group, not the file). Nested
/// structs are flattened to dotted names like JSON; lists are kept as JSON strings. The "line" is the row number.
/// </summary>
internal sealed class ParquetRowSource : IRowSource
{
    private readonly SourceFile source;
    private readonly IngestOptions options;
    private readonly List<string> columns = [];
    private readonly Dictionary<string, int> positions = new(StringComparer.Ordinal);

    public ParquetRowSource(SourceFile source, IngestOptions options)
    {
        this.source = source;
        this.options = options;
        using var stream = OpenStream(source);
        var schema = ParquetReader.ReadSchemaAsync(stream).GetAwaiter().GetResult();
        foreach (var field in schema.Fields.OfType<Parquet.Schema.DataField>())
        {
            Add(field.Name);
        }

        Description = new Dictionary<string, string> { ["format"] = "parquet" };
    }

    public IReadOnlyList<string> Columns => columns;

    // Nested structs add dotted columns while reading, so the list is final only after a pass.
    public bool ColumnsKnownUpFront => false;

    public bool DecimalCommaPossible => false;

    public IReadOnlyDictionary<string, string> Description { get; }

    public async IAsyncEnumerable<SourceRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = OpenStream(source);
        int groups;
        await using (var reader = await ParquetReader.CreateAsync(stream, leaveStreamOpen: true, cancellationToken: cancellationToken))
        {
            groups = reader.RowGroupCount;
        }

        long row = 0;
        for (var group = 0; group < groups; group++)
        {
            stream.Position = 0;
            var result = await ParquetSerializer.DeserializeUntypedAsync(stream, null, group, cancellationToken);
            foreach (var item in result.Data)
            {
                row++;
                var values = new string?[columns.Count];
                Flatten(item, "", ref values, row);
                yield return new SourceRecord(row, values, null, null);
            }
        }
    }

    private void Flatten(IDictionary<string, object> item, string prefix, ref string?[] values, long row)
    {
        foreach (var (key, value) in item)
        {
            var name = prefix + key;
            if (value is IDictionary<string, object> nested)
            {
                Flatten(nested, name + ".", ref values, row);
                continue;
            }

            var index = positions.TryGetValue(name, out var known) ? known : Add(name, row);
            if (index >= values.Length)
            {
                Array.Resize(ref values, columns.Count);
            }

            values[index] = value is IEnumerable and not string and not byte[]
                ? JsonSerializer.Serialize(value)
                : CellText.Format(value);
        }
    }

    private int Add(string name, long row = 0)
    {
        if (columns.Count >= options.MaxColumns)
        {
            throw new IngestException($"{source.Label}: more than {options.MaxColumns} columns (at '{name}').")
            { File = source.Label, Row = row, Column = name };
        }

        positions[name] = columns.Count;
        columns.Add(name);
        return columns.Count - 1;
    }

    private static FileStream OpenStream(SourceFile source) =>
        new(source.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
}
