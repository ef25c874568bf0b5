using System.Globalization;
using System.Text.Json.Nodes;
using Augur.Data.Schema;

namespace Augur.Web.Components.Projects;

/// <summary>One field of the "try a prediction" form: the column it fills, what the person typed, and its error.</summary>
public sealed class PredictionInput(ColumnSchema column, IReadOnlyList<string> choices)
{
    public ColumnSchema Column { get; } = column;

    /// <summary>Values seen in the data, offered as a list for category columns.</summary>
    public IReadOnlyList<string> Choices { get; } = choices;

    public string? Text { get; set; }

    public double? Number { get; set; }

    public bool Flag { get; set; }

    public string? Error { get; set; }

    public bool IsNumeric => Column.Type is ColumnType.Integer or ColumnType.Number;

    public bool IsFlag => Column.Type == ColumnType.Boolean;

    public bool HasChoices => Choices.Count > 0;

    /// <summary>A flag's value in the words its data used ("да"/"нет"), or Yes/No.</summary>
    public string FlagText => Column.Labels?.Spell(Flag) ?? (Flag ? "Yes" : "No");

    public void Fill(JsonNode? value)
    {
        if (IsNumeric)
        {
            Number = value switch
            {
                JsonValue v when v.TryGetValue<double>(out var d) => d,
                JsonValue v when v.TryGetValue<string>(out var s) && double.TryParse(s, CultureInfo.InvariantCulture, out var d) => d,
                _ => null,
            };
        }
        else if (IsFlag)
        {
            Flag = value switch
            {
                JsonValue v when v.TryGetValue<bool>(out var b) => b,
                JsonValue v when v.TryGetValue<double>(out var d) => d != 0,
                JsonValue v when v.TryGetValue<string>(out var s) => s.Trim().ToLowerInvariant() is "yes" or "true" or "y" or "1",
                _ => false,
            };
        }
        else
        {
            Text = value is null ? null : Friendly.Cell(value);
        }
    }

    /// <summary>The value as the model expects it in a JSON row; an empty field is sent as null (a missing value).</summary>
    public JsonNode? ToJson() => Column.Type switch
    {
        ColumnType.Integer => Number is { } n ? JsonValue.Create((long)Math.Round(n)) : null,
        ColumnType.Number => Number is { } n ? JsonValue.Create(n) : null,
        ColumnType.Boolean => JsonValue.Create(Flag),
        _ => string.IsNullOrEmpty(Text) ? null : JsonValue.Create(Text),
    };
}
