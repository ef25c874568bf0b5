namespace Augur.Data.Reading;

/// <summary>Header cleanup: trimmed names, blanks become <c>column_N</c>, repeats get a <c>_2</c> suffix.</summary>
internal static class ColumnNames
{
    public static List<string> Clean(IReadOnlyList<string> raw)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var names = new List<string>(raw.Count);
        for (var i = 0; i < raw.Count; i++)
        {
            var name = raw[i].Trim();
            if (name.Length == 0)
            {
                name = Positional(i);
            }

            var candidate = name;
            for (var n = 2; !seen.Add(candidate); n++)
            {
                candidate = $"{name}_{n}";
            }

            names.Add(candidate);
        }

        return names;
    }

    public static string Positional(int index) => $"column_{index + 1}";
}
