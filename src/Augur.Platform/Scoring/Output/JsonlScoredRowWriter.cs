using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Augur.Learning.Bundles;

namespace Augur.Platform.Scoring.Output;

/// <summary>One JSON object per line: the key columns, "prediction" and a "probabilities" object keyed by label.</summary>
internal sealed class JsonlScoredRowWriter : ScoredRowWriter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };
    private readonly Stream _destination;
    private readonly Utf8JsonWriter _json;
    private readonly BufferedStream _buffer;

    public JsonlScoredRowWriter(Stream destination, IReadOnlyList<string> keys, IReadOnlyList<string> labels, bool hasProbabilities)
        : base(keys, labels, hasProbabilities)
    {
        _destination = destination;
        _buffer = new BufferedStream(destination, 1 << 16);
        _json = new Utf8JsonWriter(_buffer, Options);
    }

    public override ValueTask WriteAsync(IReadOnlyList<JsonNode?> keys, RowPrediction prediction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(prediction);
        _json.WriteStartObject();
        for (var i = 0; i < Keys.Count; i++)
        {
            _json.WritePropertyName(Keys[i]);
            WriteValue(keys[i]);
        }

        _json.WritePropertyName("prediction");
        WriteValue(prediction.Prediction);
        if (Labels.Count > 0)
        {
            _json.WriteStartObject("probabilities");
            foreach (var label in Labels)
            {
                _json.WriteNumber(label, Probability(prediction, label));
            }

            _json.WriteEndObject();
        }

        if (prediction.Reasons is { } reasons)
        {
            _json.WriteStartArray("reasons");
            foreach (var reason in reasons)
            {
                _json.WriteStartObject();
                _json.WriteString("column", reason.Column);
                _json.WriteNumber("contribution", reason.Contribution);
                _json.WriteString("direction", reason.Direction);
                _json.WriteEndObject();
            }

            _json.WriteEndArray();
        }

        _json.WriteEndObject();
        _json.Flush();
        _json.Reset();
        _buffer.WriteByte((byte)'\n');
        return ValueTask.CompletedTask;
    }

    public override async ValueTask FinishAsync(CancellationToken cancellationToken) => await _buffer.FlushAsync(cancellationToken);

    public override async ValueTask DisposeAsync()
    {
        await _json.DisposeAsync();
        await _buffer.DisposeAsync();
        await _destination.DisposeAsync();
    }

    private void WriteValue(JsonNode? node)
    {
        if (node is null)
        {
            _json.WriteNullValue();
        }
        else
        {
            node.WriteTo(_json);
        }
    }
}
