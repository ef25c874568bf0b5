namespace Augur.Data.Schema;

/// <summary>
/// Reads a person's type choices, as the CLI (<c>--type amount=number</c>) and the API take them, by the same
/// names the schema files use (integer, number, boolean, date, datetime, categorical, text, identifier).
/// </summary>
public static class ColumnTypeOverrides
{
    public static readonly IReadOnlyList<string> Names = ["integer", "number", "boolean", "date", "datetime", "categorical", "text", "identifier"];

    public static bool TryParseType(string? name, out ColumnType type)
    {
        var index = name is null ? -1 : Names.ToList().FindIndex(n => n.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase));
        type = index < 0 ? default : (ColumnType)index;
        return index >= 0;
    }

    /// <summary>Parses <c>column=type</c> pairs; the column is everything before the last '=' so names may hold one.</summary>
    /// <exception cref="FormatException">A pair is malformed or names an unknown type; the message says which and lists the types.</exception>
    public static Dictionary<string, ColumnType> Parse(IEnumerable<string> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var result = new Dictionary<string, ColumnType>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var split = pair.LastIndexOf('=');
            if (split <= 0)
            {
                throw new FormatException($"'{pair}' is not column=type (for example amount=number).");
            }

            var column = pair[..split].Trim();
            var name = pair[(split + 1)..];
            if (!TryParseType(name, out var type))
            {
                throw new FormatException($"'{name}' in '{pair}' is not a column type; use one of {string.Join(", ", Names)}.");
            }

            result[column] = type;
        }

        return result;
    }
}
