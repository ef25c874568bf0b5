using System.Runtime.CompilerServices;

namespace Augur.Data.Reading;

/// <summary>
/// Several files with the same columns read as one table, in order, with a <c>_source_file</c> column naming the
/// file each row came from. Rejects keep their own file and line.
/// </summary>
internal sealed class ConcatRowSource : IRowSource
{
    public const string SourceFileColumn = "_source_file";

    private readonly IReadOnlyList<(SourceFile File, IRowSource Rows)> parts;

    public ConcatRowSource(IReadOnlyList<(SourceFile File, IRowSource Rows)> parts)
    {
        this.parts = parts;
        Columns = [.. parts[0].Rows.Columns, SourceFileColumn];
        Description = new Dictionary<string, string>
        {
            ["format"] = "concatenated",
            ["files"] = string.Join("; ", parts.Select(p => p.File.Label)),
        };
    }

    public IReadOnlyList<string> Columns { get; }

    public bool ColumnsKnownUpFront => true;

    public bool DecimalCommaPossible => parts.All(p => p.Rows.DecimalCommaPossible);

    public IReadOnlyDictionary<string, string> Description { get; }

    public async IAsyncEnumerable<SourceRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var width = Columns.Count - 1;
        foreach (var (file, rows) in parts)
        {
            var name = Path.GetFileName(file.Label);
            await foreach (var record in rows.ReadAsync(cancellationToken))
            {
                if (record.Values is null)
                {
                    yield return record with { File = file.Label };
                    continue;
                }

                var values = new string?[width + 1];
                Array.Copy(record.Values, values, Math.Min(width, record.Values.Length));
                values[width] = name;
                yield return record with { Values = values, File = file.Label };
            }
        }
    }
}
