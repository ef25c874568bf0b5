using System.Text.Json;
using System.Text.Json.Nodes;

namespace Augur.Learning.Training;

/// <summary>Reads a clean JSONL table (one JSON object per line) into memory.</summary>
internal static class TrainingData
{
    public static async Task<List<JsonObject>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new TrainingException($"The data file '{path}' does not exist.");
        }

        var rows = new List<JsonObject>();
        using var reader = new StreamReader(path);
        var line = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            try
            {
                rows.Add(JsonNode.Parse(text) as JsonObject
                    ?? throw new TrainingException($"{path}, line {line}: expected a JSON object."));
            }
            catch (JsonException ex)
            {
                throw new TrainingException($"{path}, line {line}: this is not valid JSON ({ex.Message}).", ex);
            }
        }

        return rows;
    }
}
