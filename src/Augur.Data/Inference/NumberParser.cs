using System.Globalization;
using System.Runtime.CompilerServices;

namespace Augur.Data.Inference;

/// <summary>
/// Parses numbers the way exports write them: <c>1234.5</c>, <c>1,234.56</c>, <c>1 234,56</c>, <c>$12</c>, <c>45%</c>.
/// The decimal separator is a per-column decision, so each value is parsed under one given separator; grouping
/// must come in threes. Leading zeros (<c>007</c>) are not numbers: such columns are codes and keep their zeros.
/// </summary>
internal static class NumberParser
{
    private const string Currency = "$€£¥₽₴₸";

    /// <param name="whole">True when the value has no fraction or exponent and fits a 64-bit integer (then in <paramref name="integer"/>).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<char> text, char decimalSeparator, out double value, out bool whole, out long integer)
    {
        if (TryParsePlain(text, decimalSeparator, out value, out whole, out integer))
        {
            return true;
        }

        value = 0;
        whole = false;
        integer = 0;
        var s = text.Trim();
        var negative = false;
        if (s.Length > 0 && s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..].TrimStart();
        }

        s = s.TrimStart(Currency).TrimStart();
        s = s.TrimEnd('%').TrimEnd(Currency).TrimEnd();
        if (!negative && s.Length > 0 && s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s.Length is 0 or > 64 || !char.IsAsciiDigit(s[0]))
        {
            return false;
        }

        Span<char> clean = stackalloc char[s.Length + 1];
        var n = 0;
        if (negative)
        {
            clean[n++] = '-';
        }

        var digitsInGroup = 0;
        var firstGroup = true;
        var groupSeparator = '\0';
        var sawDecimal = false;
        var sawExponent = false;
        var intDigits = 0;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsAsciiDigit(c))
            {
                clean[n++] = c;
                digitsInGroup++;
                if (!sawDecimal && !sawExponent)
                {
                    intDigits++;
                }

                continue;
            }

            if (sawDecimal || sawExponent)
            {
                if ((c is 'e' or 'E') && !sawExponent && i + 1 < s.Length)
                {
                    sawExponent = true;
                    clean[n++] = 'e';
                    if (s[i + 1] is '-' or '+')
                    {
                        clean[n++] = s[++i];
                    }

                    continue;
                }

                return false;
            }

            if (c == decimalSeparator)
            {
                if (groupSeparator != '\0' && digitsInGroup != 3)
                {
                    return false;
                }

                sawDecimal = true;
                clean[n++] = '.';
                if (i + 1 == s.Length)
                {
                    return false;
                }

                continue;
            }

            if (c is 'e' or 'E' && groupSeparator == '\0' && i + 1 < s.Length)
            {
                sawExponent = true;
                clean[n++] = 'e';
                if (s[i + 1] is '-' or '+')
                {
                    clean[n++] = s[++i];
                }

                continue;
            }

            if (!IsGroupSeparator(c, decimalSeparator) || (groupSeparator != '\0' && c != groupSeparator))
            {
                return false;
            }

            if ((firstGroup && digitsInGroup is < 1 or > 3) || (!firstGroup && digitsInGroup != 3))
            {
                return false;
            }

            groupSeparator = c;
            firstGroup = false;
            digitsInGroup = 0;
        }

        if (groupSeparator != '\0' && !sawDecimal && !sawExponent && digitsInGroup != 3)
        {
            return false;
        }

        if (groupSeparator == '\0' && intDigits > 1 && s[0] == '0')
        {
            return false;
        }

        if (!double.TryParse(clean[..n], NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value))
        {
            return false;
        }

        whole = !sawDecimal && !sawExponent && long.TryParse(clean[..n], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out integer);
        return true;
    }

    /// <summary>
    /// The common cases on their own, without a copy or the general parser: digits, optionally a minus sign, groups of
    /// three after a first group of one to three (<c>1,234</c>, <c>1 234 567</c>, one group separator throughout) and one
    /// decimal separator, at most 15 digits. Such a value is exact as a double, and one division by an exact power of ten
    /// rounds correctly, so the result is the same as the general path's (whose grouping rules these are). Anything else
    /// returns false and goes there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryParsePlain(ReadOnlySpan<char> s, char decimalSeparator, out double value, out bool whole, out long integer)
    {
        value = 0;
        whole = false;
        integer = 0;
        var negative = s.Length > 0 && s[0] == '-';
        var i = negative ? 1 : 0;
        var start = i;
        long mantissa = 0;
        var digits = 0;
        var separatorAt = -1;
        var groupSeparator = '\0';
        var digitsInGroup = 0;
        var groups = 0;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsAsciiDigit(c))
            {
                mantissa = (mantissa * 10) + (c - '0');
                digits++;
                digitsInGroup++;
            }
            else if (c == decimalSeparator && separatorAt < 0)
            {
                if (groups > 0 && digitsInGroup != 3)
                {
                    return false;
                }

                separatorAt = i;
            }
            else if (separatorAt < 0 && IsGroupSeparator(c, decimalSeparator) && (groupSeparator == '\0' || c == groupSeparator)
                && (groups == 0 ? digitsInGroup is >= 1 and <= 3 : digitsInGroup == 3))
            {
                groupSeparator = c;
                groups++;
                digitsInGroup = 0;
            }
            else
            {
                return false;
            }
        }

        if (groups > 0 && separatorAt < 0 && digitsInGroup != 3)
        {
            return false;
        }

        var intDigits = separatorAt < 0 ? i - start : separatorAt - start;
        var fractionDigits = separatorAt < 0 ? 0 : i - separatorAt - 1;
        if (digits is 0 or > 15 || intDigits == 0 || (separatorAt >= 0 && fractionDigits == 0) || (groups == 0 && intDigits > 1 && s[start] == '0'))
        {
            return false;
        }

        if (negative)
        {
            if (mantissa == 0)
            {
                return false; // negative zero: left to the general path
            }

            mantissa = -mantissa;
        }

        if (separatorAt < 0)
        {
            (value, whole, integer) = (mantissa, true, mantissa);
            return true;
        }

        value = mantissa / PowersOfTen[fractionDigits];
        return true;
    }

    private static readonly double[] PowersOfTen = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    private static bool IsGroupSeparator(char c, char decimalSeparator) =>
        c is ' ' or '\u00A0' or '\u202F' or '\'' || (c is ',' or '.' && c != decimalSeparator);
}
