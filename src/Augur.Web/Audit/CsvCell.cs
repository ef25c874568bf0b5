using Augur.Platform.Scoring.Output;

namespace Augur.Web.Audit;

/// <summary>One CSV cell: RFC 4180 quoting, and a leading apostrophe on anything a spreadsheet would run as a formula.</summary>
public static class CsvCell
{
    public static string Write(string? value)
    {
        var cell = SpreadsheetText.Neutralise(value ?? "");
        return cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;
    }
}
