using System.Text.Json.Nodes;
using Augur.Learning.Bundles;

namespace Augur.Platform.Scoring.Output;

/// <summary>
/// Writes one line per scored row: the input's key columns, the prediction, and (for classification) one probability
/// per class, in the order <c>probability_{label}</c>. The header comes from the bundle, so an empty input still
/// gets one.
/// </summary>
public abstract class ScoredRowWriter : IAsyncDisposable
{
    protected ScoredRowWriter(IReadOnlyList<string> keys, IReadOnlyList<string> labels, bool hasProbabilities, int reasons = 0)
    {
        Keys = keys;
        Labels = hasProbabilities ? labels : [];
        Reasons = reasons;
        Header = [.. keys, "prediction", .. Labels.Select(l => $"probability_{l}"), .. Enumerable.Range(1, reasons).Select(k => $"reason_{k}")];
    }

    /// <summary>How many reason-code columns follow the probabilities (0: none).</summary>
    protected int Reasons { get; }

    protected IReadOnlyList<string> Keys { get; }

    /// <summary>The labels that get a probability column; empty for regression.</summary>
    protected IReadOnlyList<string> Labels { get; }

    protected IReadOnlyList<string> Header { get; }

    /// <summary>Excel's limit: 1,048,576 rows per sheet, one of them the header.</summary>
    public const int ExcelMaxRows = 1_048_576;

    /// <summary>Writes to <paramref name="destination"/>, which the writer owns and closes. XLSX results longer than <paramref name="maxRowsPerSheet"/> continue on further sheets.</summary>
    /// <param name="reasons">Reason-code columns per row (CSV and XLSX: reason_1…; JSONL: a "reasons" list); 0 for none.</param>
    public static ScoredRowWriter Create(ScoringFormat format, Stream destination, IReadOnlyList<string> keys, BundleInfo model, int maxRowsPerSheet = ExcelMaxRows, int reasons = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        var probabilities = model.Task != Augur.Learning.Training.TaskKind.Regression;
        return format switch
        {
            ScoringFormat.Xlsx => new XlsxScoredRowWriter(destination, keys, model.Labels, probabilities, maxRowsPerSheet, reasons),
            ScoringFormat.Jsonl => new JsonlScoredRowWriter(destination, keys, model.Labels, probabilities),
            _ => new CsvScoredRowWriter(destination, keys, model.Labels, probabilities, reasons),
        };
    }

    /// <summary>Writes a row's key columns (taken from <paramref name="input"/>) and its prediction.</summary>
    public ValueTask WriteAsync(JsonObject input, RowPrediction prediction, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return WriteAsync([.. Keys.Select(k => input[k])], prediction, cancellationToken);
    }

    /// <summary>Writes a row given its key columns' values, in the order of the keys the writer was made with.</summary>
    public abstract ValueTask WriteAsync(IReadOnlyList<JsonNode?> keys, RowPrediction prediction, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the scored row <paramref name="row"/> of a batch's answers: the same cells as
    /// <see cref="WriteAsync(IReadOnlyList{JsonNode}, RowPrediction, CancellationToken)"/> with that row's prediction.
    /// Writers with a fast path write straight from the answers' arrays, without an answer object per row.
    /// </summary>
    public virtual ValueTask WriteAsync(IReadOnlyList<JsonNode?> keys, BatchAnswers answers, int row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answers);
        return WriteAsync(keys, answers.Prediction(row), cancellationToken);
    }

    /// <summary>Completes the file (an XLSX is not readable before this). Dispose alone leaves a partial file.</summary>
    public abstract ValueTask FinishAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    /// <summary>The k-th (0-based) reason code as a spreadsheet reads it, "income (up 0.42)"; empty when there is none.</summary>
    protected static string ReasonText(RowPrediction prediction, int k) =>
        prediction.Reasons is { } reasons && k < reasons.Count
            ? $"{reasons[k].Column} ({reasons[k].Direction} {Math.Abs(reasons[k].Contribution).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)})"
            : "";

    protected static double Probability(RowPrediction prediction, string label) =>
        prediction.Probabilities is { } p && p.TryGetValue(label, out var value) ? value : double.NaN;
}
