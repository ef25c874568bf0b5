using System.IO.Compression;
using System.Security.Cryptography;

namespace Augur.Data.Reading;

/// <summary>One input file: its format, whether it is gzipped, and a way to open its (decompressed) bytes again.</summary>
internal sealed class SourceFile
{
    private SourceFile(string path, SourceFormat format, bool gzip, string baseName, string label)
    {
        Path = path;
        Label = label;
        Format = format;
        IsGzip = gzip;
        BaseName = baseName;
    }

    public string Path { get; }

    /// <summary>How messages and lineage name the file: its path, or <c>archive.zip/entry.csv</c> for an archive entry.</summary>
    public string Label { get; }

    public SourceFormat Format { get; }

    public bool IsGzip { get; }

    /// <summary>A <c>.txt</c> (perhaps gzipped): a delimited export, or perhaps prose, which is refused.</summary>
    public bool IsPlainText =>
        System.IO.Path.GetExtension(IsGzip ? Path[..^3] : Path).Equals(".txt", StringComparison.OrdinalIgnoreCase);

    /// <summary>The file name without its extensions (<c>sales.csv.gz</c> → <c>sales</c>).</summary>
    public string BaseName { get; }

    public static SourceFile? TryCreate(string path, string? label = null)
    {
        var name = System.IO.Path.GetFileName(path);
        var gzip = name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        if (gzip)
        {
            name = name[..^3];
        }

        var extension = System.IO.Path.GetExtension(name).ToLowerInvariant();
        SourceFormat? format = extension switch
        {
            ".csv" or ".txt" => SourceFormat.Csv,
            ".tsv" or ".tab" => SourceFormat.Tsv,
            ".json" => SourceFormat.Json,
            ".jsonl" or ".ndjson" => SourceFormat.JsonLines,
            // Workbooks and Parquet are random-access containers: read in place, never from inside a .gz.
            ".xlsx" or ".xlsm" or ".xls" when !gzip => SourceFormat.Excel,
            ".parquet" when !gzip => SourceFormat.Parquet,
            _ => null,
        };
        return format is null
            ? null
            : new SourceFile(path, format.Value, gzip, System.IO.Path.GetFileNameWithoutExtension(name), label ?? path);
    }

    /// <summary>Opens the content, decompressed on the fly when the file is gzipped.</summary>
    public Stream Open()
    {
        var file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return IsGzip ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    /// <summary>SHA-256 (lower-case hex) and size of the file as stored, for lineage.</summary>
    public async Task<(string Sha256, long Bytes)> FingerprintAsync(CancellationToken cancellationToken)
    {
        await using var file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var hash = await SHA256.HashDataAsync(file, cancellationToken);
        return (Convert.ToHexStringLower(hash), file.Length);
    }
}
