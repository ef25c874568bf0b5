using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Augur.Learning.Bundles;

namespace Augur.Commands;

/// <summary>Writes one line per prediction: the input's key columns, the prediction, and a probability per class.</summary>
public abstract class PredictionWriter : IAsyncDisposable
{
    protected PredictionWriter(string path, IReadOnlyList<string> keys, IReadOnlyList<string> labels)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        Writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        Keys = keys;
        Labels = labels;
    }

    protected StreamWriter Writer { get; }

    protected IReadOnlyList<string> Keys { get; }

    protected IReadOnlyList<string> Labels { get; }

    public static PredictionWriter Create(string path, IReadOnlyList<string> keys, IReadOnlyList<string> labels) =>
        path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? new CsvPredictionWriter(path, keys, labels) : new JsonlPredictionWriter(path, keys, labels);

    public abstract Task WriteAsync(JsonObject input, RowPrediction prediction);

    public async ValueTask DisposeAsync()
    {
        await Writer.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private sealed class JsonlPredictionWriter(string path, IReadOnlyList<string> keys, IReadOnlyList<string> labels) : PredictionWriter(path, keys, labels)
    {
        public override Task WriteAsync(JsonObject input, RowPrediction prediction)
        {
            var line = new JsonObject();
            foreach (var key in Keys)
            {
                line[key] = input[key]?.DeepClone();
            }

            line["prediction"] = prediction.Prediction?.DeepClone();
            if (prediction.Probabilities is { } probabilities)
            {
                line["probabilities"] = new JsonObject(probabilities.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value))));
            }

            return Writer.WriteLineAsync(line.ToJsonString());
        }
    }

    private sealed class CsvPredictionWriter : PredictionWriter
    {
        private bool _headerWritten;

        public CsvPredictionWriter(string path, IReadOnlyList<string> keys, IReadOnlyList<string> labels) : base(path, keys, labels) { }

        public override async Task WriteAsync(JsonObject input, RowPrediction prediction)
        {
            if (!_headerWritten)
            {
                var header = Keys.Append("prediction").Concat(prediction.Probabilities is null ? [] : Labels.Select(l => $"probability_{l}"));
                await Writer.WriteLineAsync(string.Join(',', header.Select(Quote)));
                _headerWritten = true;
            }

            var cells = Keys.Select(k => Text(input[k])).Append(Text(prediction.Prediction));
            if (prediction.Probabilities is { } probabilities)
            {
                cells = cells.Concat(Labels.Select(l => probabilities.TryGetValue(l, out var p) ? p.ToString("0.######", CultureInfo.InvariantCulture) : ""));
            }

            await Writer.WriteLineAsync(string.Join(',', cells.Select(Quote)));
        }

        private static string Text(JsonNode? node) => node switch
        {
            null => "",
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => node.ToJsonString(),
        };

        // RFC 4180 quoting, plus a leading apostrophe for cells that a spreadsheet would run as a formula.
        private static string Quote(string cell)
        {
            if (cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' && !double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                cell = "'" + cell;
            }

            return cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;
        }
    }
}
