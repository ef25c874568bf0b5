using System.Globalization;

namespace Augur.Web.Audit;

/// <summary>One CSV cell: RFC 4180 quoting, and a leading apostrophe on anything a spreadsheet would run as a formula.</summary>
public static class CsvCell
{
    public static string Write(string? value)
    {
        var cell = value ?? "";
        if (cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            cell = "'" + cell;
        }

        return cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;
    }
}
