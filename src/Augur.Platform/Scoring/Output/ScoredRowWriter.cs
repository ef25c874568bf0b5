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
    protected ScoredRowWriter(IReadOnlyList<string> keys, IReadOnlyList<string> labels, bool hasProbabilities)
    {
        Keys = keys;
        Labels = hasProbabilities ? labels : [];
        Header = [.. keys, "prediction", .. Labels.Select(l => $"probability_{l}")];
    }

    protected IReadOnlyList<string> Keys { get; }

    /// <summary>The labels that get a probability column; empty for regression.</summary>
    protected IReadOnlyList<string> Labels { get; }

    protected IReadOnlyList<string> Header { get; }

    /// <summary>Excel's limit: 1,048,576 rows per sheet, one of them the header.</summary>
    public const int ExcelMaxRows = 1_048_576;

    /// <summary>Writes to <paramref name="destination"/>, which the writer owns and closes. XLSX results longer than <paramref name="maxRowsPerSheet"/> continue on further sheets.</summary>
    public static ScoredRowWriter Create(ScoringFormat format, Stream destination, IReadOnlyList<string> keys, BundleInfo model, int maxRowsPerSheet = ExcelMaxRows)
    {
        ArgumentNullException.ThrowIfNull(model);
        var probabilities = model.Task != Augur.Learning.Training.TaskKind.Regression;
        return format switch
        {
            ScoringFormat.Xlsx => new XlsxScoredRowWriter(destination, keys, model.Labels, probabilities, maxRowsPerSheet),
            ScoringFormat.Jsonl => new JsonlScoredRowWriter(destination, keys, model.Labels, probabilities),
            _ => new CsvScoredRowWriter(destination, keys, model.Labels, probabilities),
        };
    }

    public abstract ValueTask WriteAsync(JsonObject input, RowPrediction prediction, CancellationToken cancellationToken);

    /// <summary>Completes the file (an XLSX is not readable before this). Dispose alone leaves a partial file.</summary>
    public abstract ValueTask FinishAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    protected static double Probability(RowPrediction prediction, string label) =>
        prediction.Probabilities is { } p && p.TryGetValue(label, out var value) ? value : double.NaN;
}
