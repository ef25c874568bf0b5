using System.Globalization;

namespace Augur.Platform.Specs;

/// <summary>Reads budgets as people write them: "90", "90s", "5m" or "1h" (a bare number is seconds).</summary>
public static class DurationText
{
    /// <exception cref="FormatException">The text is not a positive number of seconds, minutes or hours.</exception>
    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = text.Trim().ToLowerInvariant();
        var (number, unit) = value.Length > 0 && char.IsLetter(value[^1]) ? (value[..^1], value[^1]) : (value, 's');
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || amount <= 0 || !double.IsFinite(amount))
        {
            throw new FormatException($"'{text}' is not a duration; use e.g. 90s, 5m or 1h.");
        }

        var seconds = unit switch
        {
            's' => amount,
            'm' => amount * 60,
            'h' => amount * 3600,
            _ => throw new FormatException($"'{text}' is not a duration; use e.g. 90s, 5m or 1h."),
        };
        // Longer than TimeSpan holds (about 29,000 centuries) is no budget either.
        return seconds < TimeSpan.MaxValue.TotalSeconds ? TimeSpan.FromSeconds(seconds) : throw new FormatException($"'{text}' is too long a time.");
    }

    /// <summary>A duration as <see cref="Parse"/> reads it: "1h", "5m" or "90s" (fractions of a second are kept).</summary>
    public static string Format(TimeSpan duration) =>
        duration.Ticks % TimeSpan.TicksPerHour == 0 && duration >= TimeSpan.FromHours(1) ? $"{duration.TotalHours.ToString(CultureInfo.InvariantCulture)}h"
        : duration.Ticks % TimeSpan.TicksPerMinute == 0 && duration >= TimeSpan.FromMinutes(1) ? $"{duration.TotalMinutes.ToString(CultureInfo.InvariantCulture)}m"
        : $"{duration.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s";
}
