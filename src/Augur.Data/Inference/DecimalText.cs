using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Augur.Data.Inference;

/// <summary>
/// Writes a plain decimal (<c>-12345,60</c>: digits, one decimal separator, at most 15 significant digits) to the JSON
/// straight from its text, as <c>-12345.6</c>. These are exactly the bytes <see cref="Utf8JsonWriter.WriteNumberValue(double)"/>
/// writes for the parsed value (its shortest round-trip form): two different decimals of at most 15 significant digits
/// never round to the same double, so the shortest text that reads back as that double is this one, without its
/// leading and trailing zeros. Formatting the double instead was about 5 % of pass 2 (profiled). Anything else (zero,
/// grouping, a sign other than a leading minus, a value small enough for exponent notation) returns false and is
/// formatted from the double as before.
/// </summary>
internal static class DecimalText
{
    private const int MaxSignificant = 15;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryWrite(Utf8JsonWriter writer, ReadOnlySpan<char> text, char decimalSeparator)
    {
        var negative = text.Length > 0 && text[0] == '-';
        var s = negative ? text[1..] : text;
        var separator = s.IndexOf(decimalSeparator);
        var whole = separator < 0 ? s : s[..separator];
        var fraction = separator < 0 ? [] : s[(separator + 1)..];
        if (whole.IsEmpty || (separator >= 0 && fraction.IsEmpty) || whole.ContainsAnyExceptInRange('0', '9') || fraction.ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        whole = whole.TrimStart('0');
        fraction = fraction.TrimEnd('0');
        var leadingZeros = whole.IsEmpty ? fraction.Length - fraction.TrimStart('0').Length : 0;
        var significant = whole.Length + fraction.Length - leadingZeros;
        // Zero (and its sign) and values below 0.001, which may be written with an exponent, are left to the double.
        if (significant is 0 or > MaxSignificant || leadingZeros > 2)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[MaxSignificant + 8];
        var n = 0;
        if (negative)
        {
            bytes[n++] = (byte)'-';
        }

        if (whole.IsEmpty)
        {
            bytes[n++] = (byte)'0';
        }

        foreach (var c in whole)
        {
            bytes[n++] = (byte)c;
        }

        if (!fraction.IsEmpty)
        {
            bytes[n++] = (byte)'.';
            foreach (var c in fraction)
            {
                bytes[n++] = (byte)c;
            }
        }

        writer.WriteRawValue(bytes[..n], skipInputValidation: true);
        return true;
    }
}
