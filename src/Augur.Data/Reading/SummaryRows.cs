namespace Augur.Data.Reading;

/// <summary>
/// Spreadsheet exports end with "Total" / "Итого" rows that sum the rows above. They are not data: the readers send
/// them to the rejects with this reason, so nothing disappears silently and no model learns from a sum.
/// </summary>
internal static class SummaryRows
{
    private static readonly HashSet<string> Labels = new(StringComparer.OrdinalIgnoreCase)
    {
        "total", "totals", "grand total", "subtotal", "sub-total", "total general",
        "итого", "итог", "всего", "итого:", "gesamt", "summe", "totale", "totaal",
    };

    /// <summary>The summary label when the first filled cell of the row is one, else null.</summary>
    public static string? Label(IReadOnlyList<string?> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i]?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            return Labels.Contains(value.TrimEnd(':', '.').Trim()) ? value : null;
        }

        return null;
    }

    public static string Reason(string label) => $"a summary row ('{label}'), not data";
}
