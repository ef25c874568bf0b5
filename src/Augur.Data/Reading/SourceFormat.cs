namespace Augur.Data.Reading;

/// <summary>The readers this slice supports; the extension (inside any <c>.gz</c>) picks one.</summary>
internal enum SourceFormat
{
    Csv,
    Tsv,
    Json,
    JsonLines,
    Excel,
    Parquet,
}
