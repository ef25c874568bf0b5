using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Augur.Data.Inference;
using Augur.Data.Schema;

namespace Augur.Learning.Features;

/// <summary>
/// Reads one raw JSON field as its column's type. Training and serving both read through here, so a value means
/// the same thing in both. Numbers may arrive as numeric strings ("29.85"); blank strings count as missing.
/// </summary>
internal static class FieldReader
{
    public static bool IsMissing(JsonNode? node)
    {
        if (node is null)
        {
            return true;
        }

        var kind = node.GetValueKind();
        return kind == JsonValueKind.Null || (kind == JsonValueKind.String && string.IsNullOrWhiteSpace(node.GetValue<string>()));
    }

    public static bool TryReadNumber(JsonNode node, out double value)
    {
        // A number built in memory (the typed file reader's cells) is read as it is. Going through its JSON text gives
        // the same double (the shortest text that round-trips; integers convert with the same rounding), only slower.
        if (node is JsonValue held && !held.TryGetValue<JsonElement>(out _))
        {
            if (held.TryGetValue<double>(out value))
            {
                return double.IsFinite(value);
            }

            if (held.TryGetValue<long>(out var whole))
            {
                value = whole;
                return true;
            }
        }

        value = 0;
        var text = node.GetValueKind() switch
        {
            JsonValueKind.Number => node.ToJsonString(),
            JsonValueKind.String => node.GetValue<string>().Trim(),
            _ => null,
        };
        return text is not null
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && double.IsFinite(value);
    }

    public static bool TryReadBoolean(JsonNode node, out bool value)
    {
        switch (node.GetValueKind())
        {
            case JsonValueKind.True:
                value = true;
                return true;
            case JsonValueKind.False:
                value = false;
                return true;
            case JsonValueKind.String:
                // The same tokens that ingestion reads as booleans: yes/no, y/n, true/false, да/нет, 1/0.
                return BooleanParser.TryParse(node.GetValue<string>().Trim(), out value, out _);
            case JsonValueKind.Number when TryReadNumber(node, out var number) && number is 0 or 1:
                value = number == 1;
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <summary>Dates keep the clock time as written: the hour of "2024-01-02T09:00:00+02:00" is 9.</summary>
    public static bool TryReadDate(JsonNode node, out DateTime value)
    {
        value = default;
        if (node.GetValueKind() != JsonValueKind.String)
        {
            return false;
        }

        var ok = DateTimeOffset.TryParse(node.GetValue<string>().Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed);
        value = parsed.DateTime;
        return ok;
    }

    /// <summary>Categories and text: strings as they are; numbers and booleans as their JSON text.</summary>
    public static string ReadText(JsonNode node) =>
        node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();

    /// <summary>The label of a target value, as stored in the bundle: "Yes", "true", "3".</summary>
    public static bool TryReadLabel(ColumnType type, JsonNode node, out string label)
    {
        label = "";
        switch (type)
        {
            case ColumnType.Boolean:
                if (!TryReadBoolean(node, out var flag))
                {
                    return false;
                }

                label = flag ? "true" : "false";
                return true;
            case ColumnType.Integer or ColumnType.Number:
                if (!TryReadNumber(node, out var number))
                {
                    return false;
                }

                label = number.ToString("R", CultureInfo.InvariantCulture);
                return true;
            default:
                label = ReadText(node);
                return true;
        }
    }

    /// <summary>
    /// The name a class is shown by: a boolean target's label ("true") in the source's spelling ("Yes") when the schema
    /// kept one; any other label as it is.
    /// </summary>
    public static string ClassName(ColumnSchema target, string label) =>
        target.Type == ColumnType.Boolean && target.Labels is { } spelling && label is "true" or "false"
            ? spelling.Spell(label == "true")
            : label;

    /// <summary>Turns a stored label back into a JSON value of the target's original type.</summary>
    public static JsonNode LabelToJson(ColumnType type, string label) => type switch
    {
        ColumnType.Boolean => JsonValue.Create(label == "true"),
        ColumnType.Integer when long.TryParse(label, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) => JsonValue.Create(whole),
        ColumnType.Integer or ColumnType.Number => JsonValue.Create(double.Parse(label, NumberStyles.Float, CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(label),
    };

    /// <summary>How a wrong value is quoted in an error: "abc" with its quotes, true, 12.</summary>
    public static string Describe(JsonNode node) => node.ToJsonString();

    public static string Expected(ColumnType type) => type switch
    {
        ColumnType.Integer or ColumnType.Number => "a number",
        ColumnType.Boolean => "true or false",
        ColumnType.Date => "a date (ISO 8601)",
        ColumnType.DateTime => "a date and time (ISO 8601)",
        _ => "a string",
    };
}
