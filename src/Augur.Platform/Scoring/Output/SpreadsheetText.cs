using System.Globalization;

namespace Augur.Platform.Scoring.Output;

/// <summary>
/// Formula-injection guard for text cells in files a person opens in a spreadsheet (OWASP "CSV injection"): a text
/// cell that starts with '=', '+', '-', '@', a tab or a carriage return gets a leading apostrophe, so Excel shows it
/// instead of running it. Numbers are never touched: only text cells pass through here, and text that is itself a
/// plain number ("-5", "+44") is left alone because a spreadsheet reads it as that number, not as a formula.
/// </summary>
public static class SpreadsheetText
{
    public static string Neutralise(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r'
            && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return "'" + text;
        }

        return text;
    }
}
