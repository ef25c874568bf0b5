namespace Augur.Platform.Scoring;

/// <summary>The file a scoring job writes its predictions to.</summary>
public enum ScoringFormat
{
    Csv,
    Xlsx,
    Jsonl,
}

public static class ScoringFormats
{
    public static string Extension(this ScoringFormat format) => format switch
    {
        ScoringFormat.Xlsx => ".xlsx",
        ScoringFormat.Jsonl => ".jsonl",
        _ => ".csv",
    };

    public static string ContentType(this ScoringFormat format) => format switch
    {
        ScoringFormat.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ScoringFormat.Jsonl => "application/x-ndjson",
        _ => "text/csv",
    };

    /// <summary>"csv", "xlsx", "excel", "jsonl" or "json" (any case); empty means CSV.</summary>
    public static ScoringFormat Parse(string? text) => (text ?? "").Trim().TrimStart('.').ToLowerInvariant() switch
    {
        "" or "csv" => ScoringFormat.Csv,
        "xlsx" or "excel" => ScoringFormat.Xlsx,
        "jsonl" or "json" or "ndjson" => ScoringFormat.Jsonl,
        var other => throw new PlatformValidationException("format", $"'{other}' is not an output format; use csv, xlsx or jsonl."),
    };

    /// <summary>The format a file name asks for (".xlsx", ".jsonl"), CSV otherwise.</summary>
    public static ScoringFormat FromPath(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".xlsx" => ScoringFormat.Xlsx,
        ".jsonl" or ".json" or ".ndjson" => ScoringFormat.Jsonl,
        _ => ScoringFormat.Csv,
    };
}
