using System.Runtime.CompilerServices;

namespace Augur.Data.Inference;

/// <summary>
/// Boolean tokens. A column is boolean only when every value is a token and at least one is a word
/// (yes/no, true/false, y/n, да/нет): a column of only 0 and 1 stays integer, which is lossless and which the
/// trainer can still treat as binary.
/// </summary>
public static class BooleanParser
{
    public static bool TryParse(string text, out bool value, out bool isWord) => TryParse(text.AsSpan(), out value, out isWord);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<char> text, out bool value, out bool isWord)
    {
        isWord = true;
        if (text.Length > 5)
        {
            value = false;
            return false;
        }

        Span<char> lower = stackalloc char[5];
        var length = text.ToLowerInvariant(lower);
        switch (lower[..length])
        {
            case "true" or "yes" or "y" or "t" or "да" or "д":
                value = true;
                return true;
            case "false" or "no" or "n" or "f" or "нет" or "н":
                value = false;
                return true;
            case "1":
                isWord = false;
                value = true;
                return true;
            case "0":
                isWord = false;
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }
}
