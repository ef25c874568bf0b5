using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Augur.Data.Inference;
using Augur.Data.Ingestion;

namespace Augur.Data.Jsonl;

/// <summary>
/// Streams the rows of a <c>T.jsonl</c> file that ingestion wrote, one object per line, without loading the file.
/// Blank lines are skipped; a line that is not a JSON object throws an <see cref="IngestException"/> naming the line.
/// </summary>
public static class JsonlReader
{
    public static async IAsyncEnumerable<JsonObject> ReadAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var reader = Open(path);
        long line = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            line++;
            if (!string.IsNullOrWhiteSpace(text))
            {
                yield return Parse(path, line, text);
            }
        }
    }

    public static IEnumerable<JsonObject> Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return ReadIterator(path);
    }

    /// <summary>
    /// The rows, without a line that repeats an earlier one exactly: ingestion writes equal rows as equal lines. For a
    /// reader to whom a repeat means nothing new, such as an event logged twice, in a table that kept its repeats
    /// (<see cref="DuplicatePolicy.KeepWithoutIdentifier"/>). Memory: a 128-bit hash per distinct line, about 30 bytes in the set.
    /// </summary>
    public static IEnumerable<JsonObject> ReadDistinct(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return ReadIterator(path, new HashSet<UInt128>());
    }

    /// <summary>The first <paramref name="maxRows"/> rows (fewer if the file is shorter), e.g. for a preview.</summary>
    public static async Task<IReadOnlyList<JsonObject>> PeekAsync(string path, int maxRows, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRows);
        var rows = new List<JsonObject>(Math.Min(maxRows, 1024));
        if (maxRows == 0)
        {
            return rows;
        }

        await foreach (var row in ReadAsync(path, cancellationToken))
        {
            rows.Add(row);
            if (rows.Count == maxRows)
            {
                break;
            }
        }

        return rows;
    }

    /// <summary>
    /// The first <paramref name="maxRows"/> rows of a JSONL stream (for stores that decrypt as they read);
    /// <paramref name="name"/> names it in errors. The stream is left open.
    /// </summary>
    public static async Task<IReadOnlyList<JsonObject>> PeekAsync(Stream stream, string name, int maxRows, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRows);
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        var rows = new List<JsonObject>(Math.Min(maxRows, 1024));
        long line = 0;
        while (rows.Count < maxRows && await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            line++;
            if (!string.IsNullOrWhiteSpace(text))
            {
                rows.Add(Parse(name, line, text));
            }
        }

        return rows;
    }

    private static IEnumerable<JsonObject> ReadIterator(string path, HashSet<UInt128>? seen = null)
    {
        using var reader = Open(path);
        long line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (!string.IsNullOrWhiteSpace(text) && (seen is null || seen.Add(new UInt128(Hashing.Hash(text, 0x9E37_79B9_7F4A_7C15UL), Hashing.Hash(text, 0xC2B2_AE3D_27D4_EB4FUL)))))
            {
                yield return Parse(path, line, text);
            }
        }
    }

    private static StreamReader Open(string path)
    {
        try
        {
            return new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, new FileStreamOptions
            {
                Access = FileAccess.Read,
                Share = FileShare.Read,
                BufferSize = 1 << 16,
                Options = FileOptions.SequentialScan,
            });
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new IngestException($"{path}: no such file.", ex) { File = path };
        }
    }

    private static JsonObject Parse(string path, long line, string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject
                ?? throw new IngestException($"{path}: line {line} is not a JSON object.") { File = path, Row = line };
        }
        catch (JsonException ex)
        {
            throw new IngestException($"{path}: line {line} is not valid JSON: {ex.Message.ReplaceLineEndings(" ")}", ex) { File = path, Row = line };
        }
    }
}
