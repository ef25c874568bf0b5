using System.Collections.Frozen;
using System.Runtime.CompilerServices;

namespace Augur.Data.Inference;

/// <summary>Trimming and the missing-value tokens every reader applies before inference and writing.</summary>
internal static class MissingValues
{
    private static readonly FrozenSet<string> Tokens = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase, "", "NA", "N/A", "null", "None", "-", "?", "#N/A", "NaN");

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Tokens.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The trimmed value, or null when it is one of the missing tokens.</summary>
    public static string? Normalize(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var span = value.AsSpan().Trim();
        if (span.Length <= 4 && Lookup.Contains(span))
        {
            return null;
        }

        return span.Length == value.Length ? value : span.ToString();
    }

    /// <summary>Whether a trimmed value is empty or one of the missing tokens.</summary>
    /// <remarks>Every token starts with one of a few characters: most cells are told apart by that alone, without the set lookup.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsMissing(ReadOnlySpan<char> trimmed) =>
        trimmed.Length == 0 || (trimmed.Length <= 4 && trimmed[0] is 'n' or 'N' or '-' or '?' or '#' && Lookup.Contains(trimmed));
}
