using Augur.Platform.Specs;

namespace Augur.Commands;

/// <summary>Reads budgets such as "90", "90s", "5m" or "1h" (a bare number is seconds) given on the command line.</summary>
public static class Durations
{
    public static TimeSpan Parse(string text)
    {
        try
        {
            return DurationText.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new UsageException(ex.Message, ex);
        }
    }
}
