using System.Globalization;

namespace Augur.Platform.Training;

/// <summary>
/// Says a stored (Quartz) cron schedule in words — "every day at 03:00 UTC" — for the people who read the model page
/// and never wrote cron. The mirror has no cron-description library (Cronos and NCrontab parse, they do not describe),
/// so this covers the shapes people actually write and answers null for anything else, where the page shows the
/// expression itself.
/// </summary>
public static class CronDescription
{
    private static readonly string[] DayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
    private static readonly string[] DayCodes = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    /// <param name="quartz">Seconds, minutes, hours, day of month, month, day of week (and an optional year).</param>
    /// <returns>A sentence such as "every Monday at 06:00 UTC", or null when the shape is not a common one.</returns>
    public static string? Describe(string quartz)
    {
        var f = quartz.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length is < 6 or > 7 || f[0] != "0" || f[4] != "*" || (f.Length == 7 && f[6] != "*"))
        {
            return null;
        }

        var (minute, hour, dayOfMonth, dayOfWeek) = (f[1], f[2], f[3], f[5]);
        var anyDayOfMonth = dayOfMonth is "*" or "?";
        var anyDayOfWeek = dayOfWeek is "*" or "?";

        if (Number(minute, 59) is { } m && Number(hour, 23) is { } h)
        {
            var at = $"at {h:00}:{m:00} UTC";
            if (anyDayOfMonth && anyDayOfWeek)
            {
                return $"every day {at}";
            }

            if (anyDayOfMonth && Days(dayOfWeek) is { } days)
            {
                return $"{days} {at}";
            }

            if (anyDayOfWeek && Number(dayOfMonth, 31) is { } d && d >= 1)
            {
                return $"on day {d} of every month {at}";
            }

            return null;
        }

        if (!anyDayOfMonth || !anyDayOfWeek)
        {
            return null;
        }

        if (hour == "*" && Number(minute, 59) is { } minuteOfHour)
        {
            return minuteOfHour == 0 ? "every hour, on the hour" : $"every hour at {minuteOfHour} minutes past";
        }

        if (hour == "*" && Step(minute) is { } minutes)
        {
            return $"every {minutes} minutes";
        }

        if (Step(hour) is { } hours && Number(minute, 59) is { } past)
        {
            return $"every {hours} hours (from 00:{past:00} UTC)";
        }

        return null;
    }

    private static int? Number(string field, int max) =>
        int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= max ? n : null;

    private static int? Step(string field) =>
        field.StartsWith("*/", StringComparison.Ordinal) || field.StartsWith("0/", StringComparison.Ordinal)
            ? Number(field[2..], 59) is { } n && n > 1 ? n : null
            : null;

    private static string? Days(string field)
    {
        var days = new SortedSet<int>();
        foreach (var item in field.Split(','))
        {
            var ends = item.Split('-');
            if (ends.Length > 2 || Day(ends[0]) is not { } from || Day(ends[^1]) is not { } to || to < from)
            {
                return null;
            }

            days.UnionWith(Enumerable.Range(from, to - from + 1));
        }

        if (days.SetEquals([1, 2, 3, 4, 5]))
        {
            return "every weekday (Monday to Friday)";
        }

        if (days.SetEquals([0, 6]))
        {
            return "every weekend (Saturday and Sunday)";
        }

        var names = days.Select(d => DayNames[d]).ToList();
        return names.Count == 1
            ? $"every {names[0]}"
            : $"every {string.Join(", ", names[..^1])} and {names[^1]}";
    }

    // Quartz numbers the days 1 (Sunday) to 7 (Saturday); names are three letters.
    private static int? Day(string text)
    {
        var code = Array.IndexOf(DayCodes, text.ToUpperInvariant());
        if (code >= 0)
        {
            return code;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 7 ? n - 1 : null;
    }
}
