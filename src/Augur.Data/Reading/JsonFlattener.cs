using System.Text.Json;
using Augur.Data.Ingestion;

namespace Augur.Data.Reading;

/// <summary>
/// Turns JSON objects into positional rows: nested objects become dotted names (<c>ecom.price100</c>), arrays stay as
/// their JSON text, scalars become text for inference. Columns appear in first-seen order and are shared by all rows.
/// </summary>
internal sealed class JsonFlattener(SourceFile source, IngestOptions options)
{
    private readonly Dictionary<string, int> index = new(StringComparer.Ordinal);

    public List<string> Columns { get; } = [];

    public string?[] Flatten(JsonElement obj, long line)
    {
        var values = new List<(int Index, string? Value)>();
        Walk(obj, "", values, line);
        var row = new string?[Columns.Count];
        foreach (var (i, v) in values)
        {
            row[i] = v;
        }

        return row;
    }

    private void Walk(JsonElement obj, string prefix, List<(int, string?)> values, long line)
    {
        foreach (var property in obj.EnumerateObject())
        {
            var name = prefix.Length == 0 ? property.Name : $"{prefix}.{property.Name}";
            var value = property.Value;
            if (value.ValueKind == JsonValueKind.Object && value.EnumerateObject().Any())
            {
                Walk(value, name, values, line);
                continue;
            }

            values.Add((ColumnIndex(name, line), value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                JsonValueKind.Object => null,
                _ => value.GetRawText(),
            }));
        }
    }

    private int ColumnIndex(string name, long line)
    {
        if (index.TryGetValue(name, out var i))
        {
            return i;
        }

        if (Columns.Count >= options.MaxColumns)
        {
            throw new IngestException(
                $"{source.Label}: record {line} brings the column count over the limit of {options.MaxColumns} (at '{name}').")
            { File = source.Label, Row = line, Column = name };
        }

        index[name] = Columns.Count;
        Columns.Add(name);
        return Columns.Count - 1;
    }
}
