using System.Globalization;
using System.Runtime.CompilerServices;

namespace Augur.Data.Inference;

/// <summary>
/// Unix timestamps: whole numbers of seconds or milliseconds since 1970, as event logs and APIs export them.
/// A plain integer column could be anything (an order number, a price in cents), so a column is read as a time only
/// when its name says so ("created_at", "event_time", "ts", …) and every value falls between 2000 and 2100.
/// </summary>
internal static class UnixEpoch
{
    private const double FirstSecond = 946_684_800; // 2000-01-01
    private const double LastSecond = 4_102_444_800; // 2100-01-01

    private static readonly string[] TimeWords = ["time", "timestamp", "date", "ts", "epoch", "at", "created", "updated", "when"];

    public static DateFamily Family(string name, double min, double max)
    {
        if (!NameSaysTime(name))
        {
            return DateFamily.None;
        }

        if (min >= FirstSecond && max <= LastSecond)
        {
            return DateFamily.UnixSeconds;
        }

        return min >= FirstSecond * 1000 && max <= LastSecond * 1000 ? DateFamily.UnixMilliseconds : DateFamily.None;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<char> text, DateFamily family, out DateTime value, out TimeSpan? offset)
    {
        value = default;
        offset = null;
        if (!long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var milliseconds = family == DateFamily.UnixSeconds ? number * 1000 : number;
        if (milliseconds < FirstSecond * 1000 || milliseconds > LastSecond * 1000)
        {
            return false;
        }

        value = DateTime.UnixEpoch.AddMilliseconds(milliseconds);
        offset = TimeSpan.Zero;
        return true;
    }

    /// <summary>True for names made of words (split on _, -, space, dot and camel case) that include a time word.</summary>
    private static bool NameSaysTime(string name)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        foreach (var c in name)
        {
            if (c is '_' or '-' or ' ' or '.')
            {
                Flush();
            }
            else
            {
                if (char.IsUpper(c) && current.Length > 0 && char.IsLower(current[^1]))
                {
                    Flush();
                }

                current.Append(char.ToLowerInvariant(c));
            }
        }

        Flush();
        return words.Any(w => TimeWords.Contains(w));

        void Flush()
        {
            if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }
    }
}
