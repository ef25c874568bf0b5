using System.Text.Json.Nodes;

namespace Augur.Data.Jsonl;

// Placeholder on main until the data branch lands.
public static class JsonlReader
{
    public static async Task<IReadOnlyList<JsonObject>> PeekAsync(string path, int maxRows, CancellationToken cancellationToken)
    {
        var rows = new List<JsonObject>();
        using var reader = new StreamReader(path);
        while (rows.Count < maxRows && await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (JsonNode.Parse(line) is JsonObject row)
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    public static async IAsyncEnumerable<JsonObject> ReadAsync(string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (JsonNode.Parse(line) is JsonObject row)
            {
                yield return row;
            }
        }
    }
}
