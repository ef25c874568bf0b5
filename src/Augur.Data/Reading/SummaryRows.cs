using System.Runtime.CompilerServices;

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

    private static readonly HashSet<char> FirstLetters = [.. Labels.Select(l => char.ToLowerInvariant(l[0]))];

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup = Labels.GetAlternateLookup<ReadOnlySpan<char>>();

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

    /// <summary>As <see cref="Label(IReadOnlyList{string?})"/>, for a row read span by span; a string only for a label found.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string? Label(RowCells cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            var value = cells.Raw(i);
            if (value.IsEmpty)
            {
                continue;
            }

            // Most rows start with a value no label starts with: that is told without trimming or hashing it.
            return FirstLetters.Contains(char.ToLowerInvariant(value[0])) && Lookup.Contains(value.TrimEnd(":.").Trim()) ? value.ToString() : null;
        }

        return null;
    }

    public static string Reason(string label) => $"a summary row ('{label}'), not data";
}
