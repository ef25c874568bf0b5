using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Augur.Data.Ingestion;

namespace Augur.Data.Reading;

/// <summary>
/// A <c>.json</c> file: an array of objects (streamed item by item), or an object wrapping one such array (parsed
/// whole, so its memory grows with the file). The "line" of a record is its 1-based item number.
/// </summary>
internal sealed class JsonArrayRowSource(SourceFile source, Encoding encoding, IngestOptions options) : IRowSource
{
    private readonly JsonFlattener flattener = new(source, options);

    public IReadOnlyList<string> Columns => flattener.Columns;

    public bool ColumnsKnownUpFront => false;

    public bool DecimalCommaPossible => false;

    public IReadOnlyDictionary<string, string> Description { get; } =
        new Dictionary<string, string> { ["format"] = "json", ["encoding"] = encoding.WebName };

    public async IAsyncEnumerable<SourceRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long item = 0;
        if (FirstCharacter() == '[')
        {
            await using var stream = OpenUtf8();
            await foreach (var element in JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, cancellationToken: cancellationToken))
            {
                yield return ToRecord(element, ++item);
            }

            yield break;
        }

        await using var whole = OpenUtf8();
        using var document = await JsonDocument.ParseAsync(whole, cancellationToken: cancellationToken);
        var arrays = document.RootElement.ValueKind == JsonValueKind.Object
            ? document.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Array).ToList()
            : [];
        if (arrays.Count != 1)
        {
            throw new IngestException(
                $"{source.Label}: expected an array of objects, or an object wrapping exactly one array (found {arrays.Count}).")
            { File = source.Label };
        }

        foreach (var element in arrays[0].Value.EnumerateArray())
        {
            yield return ToRecord(element, ++item);
        }
    }

    private SourceRecord ToRecord(JsonElement element, long item) =>
        element.ValueKind == JsonValueKind.Object
            ? new SourceRecord(item, flattener.Flatten(element, item), null, null)
            : SourceRecord.Reject(item, $"expected a JSON object, found {element.ValueKind.ToString().ToLowerInvariant()}", Truncate(element.GetRawText()));

    private static string Truncate(string text) => text.Length <= 4096 ? text : text[..4096];

    private Stream OpenUtf8()
    {
        var stream = source.Open();
        return encoding.CodePage == Encoding.UTF8.CodePage
            ? stream
            : Encoding.CreateTranscodingStream(stream, encoding, Encoding.UTF8, leaveOpen: false);
    }

    private int FirstCharacter()
    {
        using var reader = new StreamReader(source.Open(), encoding, detectEncodingFromByteOrderMarks: true);
        int c;
        while ((c = reader.Read()) >= 0 && char.IsWhiteSpace((char)c))
        {
        }

        return c;
    }
}
