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

            fields = ["0", fields[0], fields[1], dayOfMonth, fields[3], dayOfWeek];
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
