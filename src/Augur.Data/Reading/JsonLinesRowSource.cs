using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Augur.Data.Ingestion;

namespace Augur.Data.Reading;

/// <summary>JSONL: one object per line. A line that is not a JSON object is a reject, not a failure.</summary>
internal sealed class JsonLinesRowSource(SourceFile source, Encoding encoding, IngestOptions options) : IRowSource
{
    private readonly JsonFlattener flattener = new(source, options);

    public IReadOnlyList<string> Columns => flattener.Columns;

    public bool ColumnsKnownUpFront => false;

    public bool DecimalCommaPossible => false;

    public IReadOnlyDictionary<string, string> Description { get; } =
        new Dictionary<string, string> { ["format"] = "jsonl", ["encoding"] = encoding.WebName };

    public async IAsyncEnumerable<SourceRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(source.Open(), encoding, detectEncodingFromByteOrderMarks: true, 1 << 16);
        long line = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            yield return Parse(text, line);
        }
    }

    private SourceRecord Parse(string text, long line)
    {
        if (text.Length > options.MaxCellLength)
        {
            return SourceRecord.Reject(line, $"the line is longer than {options.MaxCellLength} characters", text[..Math.Min(text.Length, 4096)]);
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? new SourceRecord(line, flattener.Flatten(document.RootElement, line), null, null)
                : SourceRecord.Reject(line, $"expected a JSON object, found {document.RootElement.ValueKind.ToString().ToLowerInvariant()}", text);
        }
        catch (JsonException ex)
        {
            return SourceRecord.Reject(line, $"invalid JSON: {ex.Message}", text);
        }
    }
}
