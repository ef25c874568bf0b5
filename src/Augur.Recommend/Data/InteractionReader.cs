using System.Globalization;
using System.Text.Json.Nodes;
using Augur.Data.Ingestion;
using Augur.Data.Jsonl;
using Augur.Data.Schema;

namespace Augur.Recommend.Data;

/// <summary>
/// Reads an event log from any file Augur.Data reads (CSV, TSV, JSON, JSONL, gz): the file is ingested into a
/// scratch folder (so dialects, encodings and types are handled once, in one place) and the clean JSONL is read back.
/// </summary>
public static class InteractionReader
{
    public static async Task<InteractionLog> ReadAsync(string path, InteractionColumns columns, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(columns);
        var scratch = Path.Combine(Path.GetTempPath(), "augur-recommend-" + Guid.NewGuid().ToString("N"));
        try
        {
            // Ids stay text: "007" and "7" are different products, and a numeric id must not become 7.0.
            var types = new Dictionary<string, ColumnType>(StringComparer.Ordinal)
            {
                [columns.User] = ColumnType.Identifier,
                [columns.Item] = ColumnType.Identifier,
            };
            var summary = await new Ingestor(new IngestOptions { ColumnTypes = types }).IngestAsync(path, scratch, cancellationToken);
            if (summary.Tables.Count != 1)
            {
                throw new IngestException($"{path}: expected one table of events, found {summary.Tables.Count}.") { File = path };
            }

            var table = summary.Tables[0];
            foreach (var name in new[] { columns.User, columns.Item, columns.Time, columns.Weight, columns.EventType })
            {
                if (name is not null && table.Schema.Find(name) is null)
                {
                    throw new IngestException($"{path}: no column '{name}' (columns: {string.Join(", ", table.Schema.Columns.Select(c => c.Name))}).") { File = path, Column = name };
                }
            }

            return ReadRows(path, JsonlReader.Read(table.JsonlPath), columns);
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    /// <summary>Rows with no user or no item are skipped (an anonymous view says nothing about a person).</summary>
    public static InteractionLog ReadRows(string path, IEnumerable<JsonObject> rows, InteractionColumns columns)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(columns);
        var log = new InteractionLog();
        long row = 0;
        foreach (var obj in rows)
        {
            row++;
            var user = Text(obj[columns.User]);
            var item = Text(obj[columns.Item]);
            if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(item))
            {
                continue;
            }

            var time = columns.Time is null ? 0 : ParseTime(obj[columns.Time]);
            if (time is null)
            {
                throw new IngestException($"{path}: row {row}, column '{columns.Time}': '{Text(obj[columns.Time!])}' is not a time.") { File = path, Row = row, Column = columns.Time };
            }

            var weight = 1f;
            if (columns.Weight is not null && obj[columns.Weight] is { } w)
            {
                if (!float.TryParse(Text(w), NumberStyles.Float, CultureInfo.InvariantCulture, out weight) || weight < 0 || !float.IsFinite(weight))
                {
                    throw new IngestException($"{path}: row {row}, column '{columns.Weight}': '{Text(w)}' is not a non-negative number.") { File = path, Row = row, Column = columns.Weight };
                }
            }

            if (columns.EventType is not null && Text(obj[columns.EventType]) is { } type && columns.EventWeights.TryGetValue(type, out var eventWeight))
            {
                weight *= eventWeight;
            }

            if (weight > 0)
            {
                log.Add(user, item, time.Value, weight);
            }
        }

        return log;
    }

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s.Trim(),
        _ => node.ToJsonString(),
    };

    private static readonly string[] DateFormats = ["dd-MM-yyyy", "dd/MM/yyyy", "yyyy-MM-dd", "yyyyMMdd"];

    /// <summary>Unix seconds from epoch seconds, epoch milliseconds, or a date/time text (UTC unless it says otherwise).</summary>
    public static long? ParseTime(JsonNode? node)
    {
        var text = Text(node);
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return (long)(number > 1e11 ? number / 1000 : number);
        }

        if (DateTimeOffset.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var exact)
            || DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out exact))
        {
            return exact.ToUnixTimeSeconds();
        }

        return null;
    }
}
