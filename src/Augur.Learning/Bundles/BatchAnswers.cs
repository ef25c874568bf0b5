using System.Text.Json.Nodes;
using Augur.Learning.Features;

namespace Augur.Learning.Bundles;

/// <summary>
/// The answers for one slice of a batch, held in flat arrays instead of an answer object and a dictionary of
/// probabilities per row, and reused from batch to batch together with the encoded rows (one per slice and thread:
/// not thread-safe). Filled by <see cref="ModelBundle.PredictBatch(IReadOnlyList{JsonNode[]}, CellLayout, BatchAnswers)"/>.
/// </summary>
public sealed class BatchAnswers
{
    private readonly List<FeatureRow> _pool = [];
    private IReadOnlyList<InputError>?[] _errors = [];
    private int[] _best = [];
    private double[] _scores = [];
    private ModelBundle? _bundle;

    /// <summary>How many rows the last batch had.</summary>
    public int Count { get; private set; }

    /// <summary>Scores per row: one probability per label (classification) or the predicted value (regression).</summary>
    public int Width { get; private set; }

    /// <summary>The problems that kept a row from being scored; null when it was scored.</summary>
    public IReadOnlyList<InputError>? Errors(int row) => _errors[row];

    /// <summary>The index (in the bundle's labels) of a scored row's predicted label; classification only.</summary>
    public int Best(int row) => _best[row];

    /// <summary>A scored row's probabilities in label order (classification), or its value (regression).</summary>
    public ReadOnlySpan<double> Scores(int row) => _scores.AsSpan(row * Width, Width);

    /// <summary>Whether the bundle was a classifier (probabilities and a label) or a regression (a value).</summary>
    public bool IsClassification => _bundle!.Info.Task != Training.TaskKind.Regression;

    /// <summary>The label at <paramref name="index"/> as the target's original value (a new node each time).</summary>
    public JsonNode Label(int index) => _bundle!.LabelNode(index);

    /// <summary>The same answer the row path gives for a scored row, as an object (for writers without a fast path).</summary>
    public RowPrediction Prediction(int row)
    {
        if (!IsClassification)
        {
            return new RowPrediction(JsonValue.Create(_scores[row]), null);
        }

        var labels = _bundle!.Info.Labels;
        var probabilities = new Dictionary<string, double>(StringComparer.Ordinal);
        var scores = Scores(row);
        for (var k = 0; k < labels.Count; k++)
        {
            probabilities[labels[k]] = scores[k];
        }

        return new RowPrediction(Label(_best[row]), probabilities);
    }

    internal void Start(ModelBundle bundle, int count, int width)
    {
        _bundle = bundle;
        Valid.Clear();
        Positions.Clear();
        Count = count;
        Width = width;
        if (_errors.Length < count)
        {
            _errors = new IReadOnlyList<InputError>?[count];
            _best = new int[count];
        }
        else
        {
            Array.Clear(_errors, 0, count);
        }

        if (_scores.Length < count * width)
        {
            _scores = new double[count * width];
        }
    }

    /// <summary>This batch's valid rows, encoded (reused from <see cref="Row"/>), and their positions in the batch.</summary>
    internal List<FeatureRow> Valid { get; } = [];

    internal List<int> Positions { get; } = [];

    /// <summary>One row's problems while it is encoded.</summary>
    internal List<InputError> Problems { get; } = [];

    /// <summary>The reusable encoded row for the valid row number <paramref name="index"/> of this batch.</summary>
    internal FeatureRow? Row(int index) => index < _pool.Count ? _pool[index] : null;

    internal void Keep(int index, FeatureRow row)
    {
        if (index == _pool.Count)
        {
            _pool.Add(row);
        }
    }

    internal void Reject(int row, IReadOnlyList<InputError> errors) => _errors[row] = errors;

    internal Span<double> ScoresToFill(int row) => _scores.AsSpan(row * Width, Width);

    internal void SetBest(int row, int best) => _best[row] = best;
}
