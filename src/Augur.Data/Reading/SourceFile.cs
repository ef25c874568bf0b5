using System.IO.Compression;
using System.Security.Cryptography;

namespace Augur.Data.Reading;

/// <summary>One input file: its format, whether it is gzipped, and a way to open its (decompressed) bytes again.</summary>
internal sealed class SourceFile
{
    // Documentation, code and markup travel with data exports (a README.md, a build.py) but are never tables; a
    // markdown table would even sniff as one.
    private static readonly HashSet<string> NeverTables = new(StringComparer.OrdinalIgnoreCase)
    {
        ".md", ".markdown", ".rst", ".html", ".htm", ".xml", ".pdf", ".doc", ".docx", ".rtf", ".py", ".r", ".ipynb",
        ".sql", ".sh", ".bat", ".ps1", ".js", ".cs", ".java", ".yml", ".yaml", ".toml", ".ini", ".cfg",
    };

    private readonly bool _sniffedText;

    private SourceFile(string path, SourceFormat format, bool gzip, string baseName, string label, bool sniffedText = false)
    {
        Path = path;
        Label = label;
        Format = format;
        IsGzip = gzip;
        BaseName = baseName;
        _sniffedText = sniffedText;
    }

    public string Path { get; }

    /// <summary>How messages and lineage name the file: its path, or <c>archive.zip/entry.csv</c> for an archive entry.</summary>
    public string Label { get; }

    public SourceFormat Format { get; }

    public bool IsGzip { get; }

    /// <summary>
    /// A <c>.txt</c> or a text file of another name (perhaps gzipped): a delimited export, or perhaps prose, which is refused.
    /// </summary>
    public bool IsPlainText => IsUnnamedText ||
        System.IO.Path.GetExtension(IsGzip ? Path[..^3] : Path).Equals(".txt", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A text file whose name names no format (<see cref="TryCreateOrSniff"/>): nothing says it is a table, so it is
    /// read only when a delimiter splits nearly all of its lines into the same two or more columns.
    /// </summary>
    public bool IsUnnamedText => _sniffedText;

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

    /// <summary>
    /// As <see cref="TryCreate"/>, and a file whose name says nothing (<c>u.data</c>, <c>orders.dat</c>,
    /// <c>export</c>) becomes a delimited text when its first bytes are text: no NUL byte, or a UTF-16 byte order mark.
    /// It is then read as a <c>.txt</c> is (a file of prose is refused) and keeps its whole name as its table's name,
    /// so that <c>u.data</c> and <c>u.item</c> stay two tables. Documentation and code files are never read.
    /// </summary>
    public static SourceFile? TryCreateOrSniff(string path, string? label = null)
    {
        if (TryCreate(path, label) is { } named)
        {
            return named;
        }

        var name = System.IO.Path.GetFileName(path);
        var gzip = name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        name = gzip ? name[..^3] : name;
        if (name.Length == 0 || NeverTables.Contains(System.IO.Path.GetExtension(name)) || !File.Exists(path))
        {
            return null;
        }

        var candidate = new SourceFile(path, SourceFormat.Csv, gzip, name, label ?? path, sniffedText: true);
        return candidate.StartsAsText() ? candidate : null;
    }

    private bool StartsAsText()
    {
        var head = new byte[8192];
        int read;
        try
        {
            using var stream = Open();
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return false;
        }

        var bytes = head.AsSpan(0, read);
        return read > 0 && (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || !bytes.Contains((byte)0));
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
