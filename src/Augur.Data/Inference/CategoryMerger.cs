using System.Text;

namespace Augur.Data.Inference;

/// <summary>
/// "North", "north" and "NORTH  " in one categorical column are one category typed three ways. Variants that differ
/// only in case or inner whitespace are merged into the most frequent spelling (ties: the first in ordinal order),
/// and every merge is reported in the lineage.
/// </summary>
internal static class CategoryMerger
{
    /// <summary>Variant → chosen spelling, for the variants that change; empty when nothing merges.</summary>
    public static Dictionary<string, string> Find(IReadOnlyDictionary<string, long> counts)
    {
        var merges = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in counts.GroupBy(p => Key(p.Key)).Where(g => g.Skip(1).Any()))
        {
            var chosen = group.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).First().Key;
            foreach (var (variant, _) in group.Where(p => p.Key != chosen))
            {
                merges[variant] = chosen;
            }
        }

        return merges;
    }

    private static string Key(string value)
    {
        var key = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space)
            {
                key.Append(' ');
                space = false;
            }

            key.Append(char.ToLowerInvariant(c));
        }

        return key.ToString();
    }
}
