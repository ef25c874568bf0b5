using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Augur.Data.Schema;

namespace Augur.Data.Inference;

/// <summary>The decision for one column after pass 1, and how pass 2 turns each of its values into JSON.</summary>
internal sealed record ColumnPlan(
    string Name,
    ColumnType Type,
    ColumnRole Role,
    bool Nullable,
    char DecimalSeparator,
    DateFamily DateFamily,
    double Min,
    double Max)
{
    /// <summary>Case and whitespace variants of a category mapped to the spelling kept (see <see cref="CategoryMerger"/>).</summary>
    public IReadOnlyDictionary<string, string>? Merges { get; init; }

    /// <summary>Boolean columns: the source's words for true and false, kept in the schema (see <see cref="BooleanSpelling"/>).</summary>
    public BooleanLabels? Labels { get; init; }

    // Dates repeat (a day per row at most): their ISO text is formatted once and reused, per thread.
    [ThreadStatic]
    private static Dictionary<DateTime, string>? isoDates;

    public ColumnSchema ToSchema() => new(Name, Type, Nullable, Role) { Labels = Labels };

    public bool IsNumeric => Type is ColumnType.Integer or ColumnType.Number;

    /// <summary>
    /// Writes one non-missing value. Returns the number for numeric columns, or the ISO text for dates, for the profile.
    /// Pass 1 saw every value, so parsing cannot fail here; if it ever did, the text is written as-is rather than lost.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public (double? Number, string? Iso) Write(Utf8JsonWriter writer, ReadOnlySpan<char> value)
    {
        switch (Type)
        {
            case ColumnType.Integer when NumberParser.TryParse(value, DecimalSeparator, out var d, out var whole, out var integer) && whole:
                writer.WriteNumberValue(integer);
                return (d, null);
            case ColumnType.Number when NumberParser.TryParse(value, DecimalSeparator, out var d, out _, out _):
                if (!DecimalText.TryWrite(writer, value, DecimalSeparator))
                {
                    writer.WriteNumberValue(d);
                }

                return (d, null);
            case ColumnType.Boolean when BooleanParser.TryParse(value, out var b, out _):
                writer.WriteBooleanValue(b);
                return (null, null);
            case ColumnType.Date when DateParser.TryParse(value, DateFamily, out var date, out _):
                var isoDate = IsoDate(date);
                writer.WriteStringValue(isoDate);
                return (null, isoDate);
            case ColumnType.DateTime when DateParser.TryParse(value, DateFamily, out var dateTime, out var offset):
                var iso = offset is { } o
                    ? new DateTimeOffset(dateTime, o).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture)
                    : dateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
                writer.WriteStringValue(iso);
                return (null, iso);
            default:
                if (Merges is not null && Merges.TryGetValue(value.ToString(), out var merged))
                {
                    writer.WriteStringValue(merged);
                }
                else
                {
                    writer.WriteStringValue(value);
                }

                return (null, null);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string IsoDate(DateTime date)
    {
        isoDates ??= [];
        if (isoDates.TryGetValue(date, out var iso))
        {
            return iso;
        }

        iso = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (isoDates.Count < 4096)
        {
            isoDates[date] = iso;
        }

        return iso;
    }
}
