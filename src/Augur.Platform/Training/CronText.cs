using Quartz;

namespace Augur.Platform.Training;

/// <summary>
/// Reads a schedule written as cron: the usual five fields ("minute hour day month weekday", e.g. "0 3 * * *" for
/// every night at 03:00 UTC) or Quartz's six or seven (seconds first). Quartz wants "?" in one of the two day fields;
/// a five-field expression gets it where a person would not think of it.
/// </summary>
public static class CronText
{
    /// <returns>The Quartz cron expression.</returns>
    /// <exception cref="PlatformValidationException">The text is not a cron expression.</exception>
    public static string ToQuartz(string? text)
    {
        var fields = (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (fields.Length == 5)
        {
            var (dayOfMonth, dayOfWeek) = (fields[2], fields[4]);
            if (dayOfWeek == "*")
            {
                dayOfWeek = "?";
            }
            else if (dayOfMonth == "*")
            {
                dayOfMonth = "?";
            }

            fields = ["0", fields[0], fields[1], dayOfMonth, fields[3], QuartzDaysOfWeek(dayOfWeek)];
        }

        var expression = string.Join(' ', fields);
        if (fields.Length is < 6 or > 7 || !Parses(expression))
        {
            throw new PlatformValidationException(
                "cron",
                $"'{text}' is not a cron schedule. Write five fields, minute hour day-of-month month day-of-week, e.g. '0 3 * * *' for every night at 03:00 UTC, or '0 6 * * MON' for Mondays at 06:00 UTC.");
        }

        return expression;
    }

    /// <summary>
    /// Unix cron numbers the days 0 (or 7) = Sunday to 6 = Saturday; Quartz numbers them 1 = Sunday to 7 = Saturday.
    /// Passed through unchanged, "0 6 * * 1-5" (weekdays to anyone who knows crontab) would run Sunday to Thursday.
    /// Ranges become lists so that one ending on Sunday (5-7) does not wrap; names, "?" and steps pass through.
    /// </summary>
    private static string QuartzDaysOfWeek(string field)
    {
        if (field == "?" || field.Contains('/', StringComparison.Ordinal) || field.Any(char.IsLetter) && !field.Any(char.IsDigit))
        {
            return field;
        }

        var days = new SortedSet<int>();
        foreach (var item in field.Split(','))
        {
            var ends = item.Split('-');
            if (ends.Length is < 1 or > 2 || !ends.All(e => e.Length == 1 && e[0] is >= '0' and <= '7'))
            {
                return field; // Not plain numbers (e.g. MON-5): let Quartz judge it.
            }

            var (from, to) = (ends[0][0] - '0', ends[^1][0] - '0');
            for (var day = from; day <= to; day++)
            {
                days.Add(day % 7 + 1);
            }
        }

        return days.Count == 7 ? "*" : string.Join(',', days);
    }

    private static bool Parses(string expression)
    {
        try
        {
            _ = new CronExpression(expression);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
