namespace Augur.Data.Reading;

/// <summary>
/// Finds the header of a sheet whose first rows may be a title block ("Sales report", "Period: Q1", blank rows):
/// the header is the first row with at least half as many filled cells as the widest row near the top.
/// </summary>
internal static class HeaderLocator
{
    /// <summary>The index of the header row within <paramref name="top"/>, or -1 when every row is blank.</summary>
    public static int Find(IReadOnlyList<string?[]> top)
    {
        var width = top.Count == 0 ? 0 : top.Max(Filled);
        if (width == 0)
        {
            return -1;
        }

        for (var i = 0; i < top.Count; i++)
        {
            if (Filled(top[i]) > 0 && !CsvSniffer.IsPreamble(top[i], width))
            {
                return i;
            }
        }

        return 0;
    }

    public static bool LooksTyped(string value) => CsvSniffer.IsTyped(value.Trim());

    public static int Filled(string?[] row) => row.Count(v => !string.IsNullOrWhiteSpace(v));
}
