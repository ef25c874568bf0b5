using System.Text.Json.Nodes;
using Augur.Platform;

namespace Augur.Web.Deployments;

/// <summary>
/// The request bodies an endpoint accepts: Augur's <c>{"rows": [{...}]}</c> and MLflow's scoring payloads
/// (<c>dataframe_split</c>, <c>dataframe_records</c>, <c>instances</c> and <c>inputs</c> with named fields), so that
/// existing MLflow clients work unchanged.
/// </summary>
public sealed record PredictPayload(IReadOnlyList<JsonObject> Rows, bool IsMlflow)
{
    private const string Accepted = "Send {\"rows\": [{...}]}, or an MLflow payload: dataframe_split, dataframe_records, instances or inputs.";

    public static PredictPayload Parse(JsonNode? body)
    {
        if (body is not JsonObject root)
        {
            throw new PlatformValidationException("body", "The body must be a JSON object. " + Accepted);
        }

        if (root["rows"] is { } rows)
        {
            return new(Records(rows, "rows"), false);
        }

        if (root["dataframe_split"] is { } split)
        {
            return new(Split(split), true);
        }

        if (root["dataframe_records"] is { } records)
        {
            return new(Records(records, "dataframe_records"), true);
        }

        foreach (var name in new[] { "instances", "inputs" })
        {
            if (root[name] is { } node)
            {
                // A dict of columns ({"tenure": [1, 2], ...}) is the columnar form; a list holds one object per row.
                return new(node is JsonObject columns ? Columns(columns, name) : Records(node, name), true);
            }
        }

        throw new PlatformValidationException("body", "The body has none of the fields Augur reads. " + Accepted);
    }

    private static List<JsonObject> Records(JsonNode node, string field)
    {
        if (node is not JsonArray array)
        {
            throw new PlatformValidationException(field, $"'{field}' must be a list of objects, one per row.");
        }

        var rows = new List<JsonObject>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            rows.Add(array[i] as JsonObject
                ?? throw new PlatformValidationException($"{field}[{i}]", $"Row {i} of '{field}' must be an object with named fields, e.g. {{\"tenure\": 12}}."));
        }

        return rows;
    }

    private static List<JsonObject> Split(JsonNode node)
    {
        if (node is not JsonObject frame || frame["columns"] is not JsonArray columns || frame["data"] is not JsonArray data)
        {
            throw new PlatformValidationException("dataframe_split", "'dataframe_split' needs 'columns' (the field names) and 'data' (a list of rows, each a list of values).");
        }

        var names = columns.Select((c, i) => c?.GetValueKind() == System.Text.Json.JsonValueKind.String
            ? c.GetValue<string>()
            : throw new PlatformValidationException($"dataframe_split.columns[{i}]", "Every column name must be a string.")).ToList();
        var rows = new List<JsonObject>(data.Count);
        for (var r = 0; r < data.Count; r++)
        {
            if (data[r] is not JsonArray values || values.Count != names.Count)
            {
                throw new PlatformValidationException($"dataframe_split.data[{r}]", $"Row {r} must be a list of {names.Count} values, one per column.");
            }

            var row = new JsonObject();
            for (var c = 0; c < names.Count; c++)
            {
                row[names[c]] = values[c]?.DeepClone();
            }

            rows.Add(row);
        }

        return rows;
    }

    private static List<JsonObject> Columns(JsonObject columns, string field)
    {
        var length = -1;
        foreach (var (name, values) in columns)
        {
            if (values is not JsonArray list || (length >= 0 && list.Count != length))
            {
                throw new PlatformValidationException($"{field}.{name}", $"In the columnar form every field of '{field}' is a list, and all lists have the same length.");
            }

            length = list.Count;
        }

        var rows = Enumerable.Range(0, Math.Max(length, 0)).Select(_ => new JsonObject()).ToList();
        foreach (var (name, values) in columns)
        {
            var list = values!.AsArray();
            for (var r = 0; r < rows.Count; r++)
            {
                rows[r][name] = list[r]?.DeepClone();
            }
        }

        return rows;
    }
}
