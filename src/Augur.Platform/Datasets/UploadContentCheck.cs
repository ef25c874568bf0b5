namespace Augur.Platform.Datasets;

/// <summary>
/// Checks that an upload's content is what its name declares: a ".csv" must be text, an ".xlsx" a ZIP container, and
/// so on. Programs are refused whatever their name. Runs on the stored copy before anything reads it.
/// </summary>
public static class UploadContentCheck
{
    private const int SniffBytes = 8192;

    private static readonly string[] TextExtensions = [".csv", ".tsv", ".txt", ".json", ".jsonl", ".ndjson"];

    public static void Check(string fileName, string storedPath)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var head = new byte[SniffBytes];
        int read;
        using (var file = File.OpenRead(storedPath))
        {
            read = file.ReadAtLeast(head, SniffBytes, throwOnEndOfStream: false);
        }

        var actual = Sniff(head.AsSpan(0, read));
        if (actual is "a Windows program" or "a Linux program")
        {
            throw new PlatformValidationException("file", $"{fileName}: the file is {actual}, which Augur never accepts.");
        }

        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        var expected = extension switch
        {
            _ when TextExtensions.Contains(extension) => "text",
            ".xlsx" or ".zip" => "a ZIP container",
            ".gz" => "a gzip archive",
            ".parquet" => "a Parquet file",
            ".xls" => "an old Excel (OLE) file",
            _ => null,
        };
        if (expected is not null && actual != expected)
        {
            throw new PlatformValidationException("file", $"{fileName}: the name says {extension[1..].ToUpperInvariant()}, but the content is {actual}. Check that this is the file you meant.");
        }
    }

    public static string Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("PK\u0003\u0004"u8) || head.StartsWith("PK\u0005\u0006"u8))
        {
            return "a ZIP container";
        }

        if (head.StartsWith(new byte[] { 0x1F, 0x8B }))
        {
            return "a gzip archive";
        }

        if (head.StartsWith("PAR1"u8))
        {
            return "a Parquet file";
        }

        if (head.StartsWith(new byte[] { 0xD0, 0xCF, 0x11, 0xE0 }))
        {
            return "an old Excel (OLE) file";
        }

        if (head.StartsWith("MZ"u8))
        {
            return "a Windows program";
        }

        if (head.StartsWith("\u007fELF"u8))
        {
            return "a Linux program";
        }

        if (head.StartsWith("%PDF"u8))
        {
            return "a PDF document";
        }

        if (head.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47 }) || head.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF }))
        {
            return "an image";
        }

        // UTF-16 text has NUL bytes but starts with a byte order mark.
        if (head.StartsWith(new byte[] { 0xFF, 0xFE }) || head.StartsWith(new byte[] { 0xFE, 0xFF }))
        {
            return "text";
        }

        return head.Contains((byte)0) ? "binary data" : "text";
    }
}
