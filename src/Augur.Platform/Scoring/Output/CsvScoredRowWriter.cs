using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Augur.Learning.Bundles;

namespace Augur.Platform.Scoring.Output;

/// <summary>RFC 4180 CSV. Text cells are guarded against formula injection; numbers are written as numbers.</summary>
internal sealed class CsvScoredRowWriter : ScoredRowWriter
{
    private readonly StreamWriter _writer;

    public CsvScoredRowWriter(Stream destination, IReadOnlyList<string> keys, IReadOnlyList<string> labels, bool hasProbabilities, int reasons = 0)
        : base(keys, labels, hasProbabilities, reasons)
    {
        _writer = new StreamWriter(destination, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16);
        WriteLine(Header.Select(h => Quote(SpreadsheetText.Neutralise(h))));
    }

    public override ValueTask WriteAsync(IReadOnlyList<JsonNode?> keys, RowPrediction prediction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(prediction);
        for (var i = 0; i < Keys.Count; i++)
        {
            _writer.Write(Cell(keys[i]));
            _writer.Write(',');
        }

        _writer.Write(Cell(prediction.Prediction));
        foreach (var label in Labels)
        {
            _writer.Write(',');
            _writer.Write(Probability(prediction, label).ToString("0.######", CultureInfo.InvariantCulture));
        }

        for (var k = 0; k < Reasons; k++)
        {
            _writer.Write(',');
            _writer.Write(Quote(SpreadsheetText.Neutralise(ReasonText(prediction, k))));
        }

        _writer.Write('\n');
        return ValueTask.CompletedTask;
    }

    /// <summary>The batch path: probabilities formatted into a reused buffer, each label's cell text made once.</summary>
    public override ValueTask WriteAsync(IReadOnlyList<JsonNode?> keys, BatchAnswers answers, int row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(answers);
        if (Reasons > 0 || !answers.IsClassification || answers.Width != Labels.Count)
        {
            return base.WriteAsync(keys, answers, row, cancellationToken);
        }

        for (var i = 0; i < Keys.Count; i++)
        {
            WriteCell(keys[i]);
            _writer.Write(',');
        }

        var best = answers.Best(row);
        if (_labelCells.Length != Labels.Count)
        {
            _labelCells = new string?[Labels.Count];
        }

        _writer.Write(_labelCells[best] ??= Cell(answers.Label(best)));
        foreach (var probability in answers.Scores(row))
        {
            _writer.Write(',');
            WriteProbability(probability);
        }

        _writer.Write('\n');
        return ValueTask.CompletedTask;
    }

    private string?[] _labelCells = [];
    private readonly char[] _number = new char[64];

    private void WriteProbability(double value)
    {
        if (value.TryFormat(_number, out var written, "0.######", CultureInfo.InvariantCulture))
        {
            _writer.Write(_number, 0, written);
        }
        else
        {
            _writer.Write(value.ToString("0.######", CultureInfo.InvariantCulture));
        }
    }

    /// <summary>As <see cref="Cell"/>; whole numbers (identifiers) are formatted without a string or a JSON writer.</summary>
    private void WriteCell(JsonNode? node)
    {
        if (node is JsonValue value && value.TryGetValue<long>(out var whole) && whole.TryFormat(_number, out var written, provider: CultureInfo.InvariantCulture))
        {
            _writer.Write(_number, 0, written);
            return;
        }

        _writer.Write(Cell(node));
    }

    public override async ValueTask FinishAsync(CancellationToken cancellationToken) => await _writer.FlushAsync(cancellationToken);

    public override ValueTask DisposeAsync() => _writer.DisposeAsync();

    /// <summary>Only text is guarded: a JSON number such as -3.5 stays a number a spreadsheet can sum.</summary>
    internal static string Cell(JsonNode? node) => node switch
    {
        null => "",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Quote(SpreadsheetText.Neutralise(v.GetValue<string>())),
        JsonValue v when v.GetValueKind() == JsonValueKind.True => "true",
        JsonValue v when v.GetValueKind() == JsonValueKind.False => "false",
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => node.ToJsonString(),
        _ => Quote(SpreadsheetText.Neutralise(node.ToJsonString())),
    };

    internal static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;

    private void WriteLine(IEnumerable<string> cells)
    {
        _writer.Write(string.Join(',', cells));
        _writer.Write('\n');
    }
}
