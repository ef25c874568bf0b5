using System.Globalization;

namespace Augur.Data.Reading;

/// <summary>
/// Typed cells from workbooks and Parquet become the invariant text the inference already reads: numbers with a
/// dot, dates in ISO form, booleans as true/false. The later passes then treat every format alike.
/// </summary>
internal static class CellText
{
    public static string? Format(object? value) => value switch
    {
        null or DBNull => null,
        string s => s,
        double d => FormatDouble(d),
        float f => FormatDouble(f),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateTime t => t.TimeOfDay == TimeSpan.Zero
            ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : t.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        DateTimeOffset o => o.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeSpan s => s.ToString("c", CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToBase64String(bytes),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static string FormatDouble(double d) =>
        // Excel stores every number as a double: 42 must read back as the integer 42, not "42.0".
        double.IsFinite(d) && Math.Abs(d) < 1e15 && d == Math.Floor(d)
            ? ((long)d).ToString(CultureInfo.InvariantCulture)
            : d.ToString("R", CultureInfo.InvariantCulture);
}
