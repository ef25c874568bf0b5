using System.Globalization;

namespace Augur.Commands;

/// <summary>Reads budgets such as "90", "90s", "5m" or "1h" (a bare number is seconds).</summary>
public static class Durations
{
    public static TimeSpan Parse(string text)
    {
        var value = text.Trim().ToLowerInvariant();
        var (number, unit) = value.Length > 0 && char.IsLetter(value[^1]) ? (value[..^1], value[^1]) : (value, 's');
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
        {
            throw new UsageException($"'{text}' is not a duration; use e.g. 90s, 5m or 1h.");
        }

        return unit switch
        {
            's' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMinutes(amount),
            'h' => TimeSpan.FromHours(amount),
            _ => throw new UsageException($"'{text}' is not a duration; use e.g. 90s, 5m or 1h."),
        };
    }
}
