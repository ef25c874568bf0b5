using System.Globalization;
using System.Runtime.CompilerServices;

namespace Augur.Data.Inference;

/// <summary>
/// Dates and date-times as exports write them. <see cref="Families"/> says which readings a value allows
/// (<c>03/04/2024</c> allows both month-first and day-first); the column keeps the intersection over all values,
/// which is how <c>MM/dd</c> and <c>dd/MM</c> are told apart from the data.
/// </summary>
internal static class DateParser
{
    /// <summary>The families this value can be read in (None when it is not a date), and whether it has a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static DateFamily Families(ReadOnlySpan<char> text, out bool hasTime)
    {
        hasTime = false;
        if (!TrySplit(text, out var first, out var second, out var third, out var separator, out var rest))
        {
            return TryParseNamedMonth(text, out _) ? DateFamily.NamedMonth : DateFamily.None;
        }

        if (rest.Length > 0)
        {
            if (!TryParseTime(rest, out _, out _))
            {
                return DateFamily.None;
            }

            hasTime = true;
        }

        return separator switch
        {
            '-' or '/' when first >= 1000 => IsDate(first, second, third) ? DateFamily.Iso : DateFamily.None,
            '.' when third >= 1000 => IsDate(third, second, first) ? DateFamily.Dotted : DateFamily.None,
            '/' or '-' when third >= 1000 =>
                (IsDate(third, first, second) ? DateFamily.MonthFirst : DateFamily.None)
                | (IsDate(third, second, first) ? DateFamily.DayFirst : DateFamily.None),
            _ => DateFamily.None,
        };
    }

    /// <summary>Reads a value in the column's chosen family; only called on values that <see cref="Families"/> accepted.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<char> text, DateFamily family, out DateTime value, out TimeSpan? offset)
    {
        value = default;
        offset = null;
        if (family is DateFamily.UnixSeconds or DateFamily.UnixMilliseconds)
        {
            return UnixEpoch.TryParse(text, family, out value, out offset);
        }

        if (family == DateFamily.NamedMonth)
        {
            return TryParseNamedMonth(text, out value);
        }
        if (!TrySplit(text, out var first, out var second, out var third, out _, out var rest))
        {
            return false;
        }

        var (year, month, day) = family switch
        {
            DateFamily.Iso => (first, second, third),
            DateFamily.Dotted or DateFamily.DayFirst => (third, second, first),
            _ => (third, first, second),
        };
        if (!IsDate(year, month, day))
        {
            return false;
        }

        var time = TimeSpan.Zero;
        if (rest.Length > 0 && !TryParseTime(rest, out time, out offset))
        {
            return false;
        }

        value = new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified).Add(time);
        return true;
    }

    // CRM and spreadsheet exports, and older research data, write the month's English name; a year of four digits only,
    // so that "Mar 12" or a product name with a number in it is never a date.
    private static readonly string[] NamedMonthFormats =
    [
        "d-MMM-yyyy", "d MMM yyyy", "d MMMM yyyy", "d-MMMM-yyyy", "MMM d, yyyy", "MMMM d, yyyy", "MMM d yyyy", "MMMM d yyyy",
    ];

    private static bool TryParseNamedMonth(ReadOnlySpan<char> text, out DateTime value)
    {
        value = default;
        // Cheap refusals first: every value of a text or number column is offered here until one is not a date.
        if (text.Length is < 9 or > 20 || !char.IsAsciiDigit(text[^1])
            || !char.IsAsciiLetter(text[char.IsAsciiDigit(text[0]) ? text.IndexOfAny(' ', '-') + 1 : 0]))
        {
            return false;
        }

        return DateTime.TryParseExact(text, NamedMonthFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    private static bool IsDate(int year, int month, int day) =>
        year is >= 1000 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TrySplit(
        ReadOnlySpan<char> s, out int first, out int second, out int third, out char separator, out ReadOnlySpan<char> rest)
    {
        first = second = third = 0;
        separator = '\0';
        rest = default;
        if (s.Length is < 8 or > 40)
        {
            return false;
        }

        var i = 0;
        if (!ReadInt(s, ref i, 4, out first) || i >= s.Length)
        {
            return false;
        }

        separator = s[i];
        if (separator is not ('-' or '/' or '.'))
        {
            return false;
        }

        i++;
        if (!ReadInt(s, ref i, 2, out second) || i >= s.Length || s[i] != separator)
        {
            return false;
        }

        i++;
        if (!ReadInt(s, ref i, 4, out third))
        {
            return false;
        }

        if (i < s.Length)
        {
            if (s[i] is not ('T' or ' ') || i + 1 >= s.Length)
            {
                return false;
            }

            rest = s[(i + 1)..];
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ReadInt(ReadOnlySpan<char> s, ref int i, int maxDigits, out int value)
    {
        value = 0;
        var start = i;
        while (i < s.Length && i - start < maxDigits && char.IsAsciiDigit(s[i]))
        {
            value = (value * 10) + (s[i] - '0');
            i++;
        }

        return i > start && (i - start != 3);
    }

    private static bool TryParseTime(ReadOnlySpan<char> s, out TimeSpan time, out TimeSpan? offset)
    {
        time = default;
        offset = null;
        var end = s.Length;
        if (s[^1] is 'Z' or 'z')
        {
            offset = TimeSpan.Zero;
            end--;
        }
        else
        {
            var sign = s.LastIndexOfAny('+', '-');
            if (sign > 0)
            {
                var zone = s[(sign + 1)..];
                if (!TimeSpan.TryParseExact(zone, ["hh\\:mm", "hhmm", "hh"], CultureInfo.InvariantCulture, out var z))
                {
                    return false;
                }

                offset = s[sign] == '-' ? -z : z;
                end = sign;
            }
        }

        return TimeSpan.TryParseExact(
                s[..end], ["h\\:mm", "h\\:mm\\:ss", "h\\:mm\\:ss\\.FFFFFFF"], CultureInfo.InvariantCulture, out time)
            && time < TimeSpan.FromDays(1);
    }
}
