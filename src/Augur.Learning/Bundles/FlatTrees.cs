using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Trainers.FastTree;

namespace Augur.Learning.Bundles;

/// <summary>
/// A boosted tree model (LightGBM, FastTree) copied into flat arrays and walked here: ML.NET walks the same trees through
/// a row mapper, a calibrator wrapper and a <c>VBuffer</c> per tree, which cost more than the walk itself. The sum is
/// ML.NET's, tree by tree in the same order in a <see cref="double"/>, cast to <see cref="float"/> as its scorer does, and
/// the binary probability comes from the model's own calibrator, so the answers are the same to the bit.
/// </summary>
/// <remarks>
/// A tree may send a missing value (NaN) its own way, which its public description does not show: a vector with a NaN
/// is not walked here (<see cref="HasMissing"/> finds it, and the caller asks ML.NET). Forests (which average their trees)
/// and multiclass models are not copied. <see cref="DenseScoring"/> uses a copy only after it has answered a few hundred
/// generated vectors exactly as the model does.
/// </remarks>
internal sealed class FlatTrees
{
    private readonly Node[] _nodes;
    private readonly int[] _roots;
    private readonly double[] _leaves;
    private readonly int[] _categorical;
    private readonly ICalibrator? _calibrator;
    private readonly int[] _children;
    private readonly int _width;

    private FlatTrees(Node[] nodes, int[] roots, double[] leaves, int[] categorical, ICalibrator? calibrator)
    {
        _nodes = nodes;
        _children = [.. nodes.SelectMany(n => new[] { n.Left, n.Right })];
        _width = 1 + Math.Max(nodes.Max(n => n.Feature), categorical.DefaultIfEmpty(-1).Max());
        _roots = roots;
        _leaves = leaves;
        _categorical = categorical;
        _calibrator = calibrator;
    }

    /// <summary>The copy of <paramref name="predictor"/>'s trees, or null with the reason there is none.</summary>
    public static (FlatTrees? Trees, string Reason) TryCreate(ISingleFeaturePredictionTransformer<object> predictor)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        var (model, calibrator) = Uncalibrated(predictor.Model);
        if (model is not TreeEnsembleModelParametersBasedOnRegressionTree ensemble)
        {
            return (null, $"predictor {model.GetType().Name}");
        }

        // A forest averages its trees; a multiclass model is several ensembles. Neither is a plain sum.
        if (model.GetType().Name.Contains("Forest", StringComparison.Ordinal))
        {
            return (null, "a forest");
        }

        var nodes = new List<Node>();
        var roots = new List<int>();
        var leaves = new List<double>();
        var categorical = new List<int>();
        foreach (var tree in ensemble.TrainedTreeEnsemble.Trees)
        {
            // A tree without a split adds nothing to ML.NET's sum (its output is 0), so it is left out.
            if (tree.NumberOfLeaves <= 1 || tree.LeftChild[0] == 0)
            {
                continue;
            }

            var (first, leaf) = (nodes.Count, leaves.Count);
            roots.Add(first);
            leaves.AddRange(tree.LeafValues);
            for (var n = 0; n < tree.NumberOfNodes; n++)
            {
                int Child(int child) => child >= 0 ? first + child : ~(leaf + ~child);
                if (tree.CategoricalSplitFlags[n])
                {
                    // Goes right when any of its slots is above 0: the slots are listed in _categorical, from Feature's ~.
                    var slots = tree.GetCategoricalSplitFeaturesAt(n);
                    nodes.Add(new Node(~categorical.Count, slots.Count, Child(tree.LeftChild[n]), Child(tree.RightChild[n])));
                    categorical.AddRange(slots);
                }
                else
                {
                    nodes.Add(new Node(tree.NumericalSplitFeatureIndexes[n], tree.NumericalSplitThresholds[n], Child(tree.LeftChild[n]), Child(tree.RightChild[n])));
                }
            }
        }

        return roots.Count == 0 ? (null, "no trees") : (new FlatTrees([.. nodes], [.. roots], [.. leaves], [.. categorical], calibrator), "");
    }

    /// <summary>The number of rows <see cref="Sum"/> walks side by side.</summary>
    public const int Block = 8;

    /// <summary>
    /// The trees' sum for each of the rows in <paramref name="features"/> (<paramref name="width"/> floats each, as many
    /// rows as <paramref name="sums"/> holds, at most <see cref="Block"/>). A row with a missing feature (NaN, see
    /// <see cref="HasMissing"/>) gets a sum that means nothing: a tree may send NaN a way of its own.
    /// </summary>
    /// <remarks>
    /// The rows walk each tree side by side, and a step picks its child by arithmetic, not by a branch: the way a row
    /// goes at a split cannot be predicted, and a mispredicted branch costs more than the comparison, while the rows'
    /// independent steps keep the processor busy. Each row's sum adds the trees in order, as ML.NET's does.
    /// </remarks>
    public void Sum(ReadOnlySpan<float> features, int width, Span<double> sums)
    {
        var rows = sums.Length;
        if (rows > Block || features.Length < rows * width || width < _width)
        {
            throw new ArgumentException($"{rows} rows of {width} features do not fit {features.Length} floats or this model's {_width}.", nameof(features));
        }

        sums.Clear();
        Span<int> at = stackalloc int[Block];
        foreach (var root in _roots)
        {
            at[..rows].Fill(root);
            bool walking;
            do
            {
                walking = false;
                for (var row = 0; row < rows; row++)
                {
                    var node = at[row];
                    if (node < 0)
                    {
                        continue;
                    }

                    ref readonly var split = ref _nodes[node];
                    at[row] = split.Feature >= 0
                        ? _children[(2 * node) + (features[(row * width) + split.Feature] <= split.Threshold ? 0 : 1)]
                        : AnyAboveZero(features.Slice(row * width, width), ~split.Feature, (int)split.Threshold) ? split.Right : split.Left;
                    walking = true;
                }
            }
            while (walking);

            for (var row = 0; row < rows; row++)
            {
                sums[row] += _leaves[~at[row]];
            }
        }
    }

    /// <summary>The model's raw score for a sum of <see cref="Sum"/>: ML.NET's scorer casts the sum to a float.</summary>
    public static float Score(double sum) => (float)sum;

    /// <summary>A calibrated binary model's probability for a sum of <see cref="Sum"/> (its score when it has no calibrator).</summary>
    public float Probability(double sum) => _calibrator?.PredictProbability((float)sum) ?? (float)sum;

    /// <summary>Whether <paramref name="features"/> holds a missing value (NaN), which <see cref="Sum"/> cannot place.</summary>
    public static bool HasMissing(ReadOnlySpan<float> features)
    {
        foreach (var value in features)
        {
            if (float.IsNaN(value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <paramref name="count"/> vectors of <paramref name="length"/> slots for checking a copy against its model: each
    /// slot a split value of that slot, the float just below or above it, 0, 1, an infinity or a random number, so that
    /// most splits are taken both ways, ties included. Seeded: the same vectors every time.
    /// </summary>
    public float[][] Probes(int length, int count)
    {
        var lookup = _nodes.Where(n => n.Feature >= 0 && n.Feature < length).ToLookup(n => n.Feature, n => n.Threshold);
        var splits = Enumerable.Range(0, length).Select(slot => lookup[slot].ToArray()).ToArray();
        var random = new Random(20_261_126);
        var probes = new float[count][];
        for (var i = 0; i < count; i++)
        {
            var probe = probes[i] = new float[length];
            for (var slot = 0; slot < length; slot++)
            {
                var values = splits[slot];
                var split = values.Length > 0 ? values[random.Next(values.Length)] : 0.5f;
                probe[slot] = random.Next(10) switch
                {
                    0 or 1 => split,
                    2 => MathF.BitDecrement(split),
                    3 => MathF.BitIncrement(split),
                    4 => 0,
                    5 => 1,
                    6 => random.Next(2) == 0 ? float.PositiveInfinity : float.NegativeInfinity,
                    _ => (float)((random.NextDouble() - 0.5) * 4 * (Math.Abs(split) + 1)),
                };
            }
        }

        return probes;
    }

    private bool AnyAboveZero(ReadOnlySpan<float> features, int start, int count)
    {
        foreach (var slot in _categorical.AsSpan(start, count))
        {
            if (features[slot] > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The trees' model and its calibrator, which a calibrated model holds as its two public parts.</summary>
    private static (object Model, ICalibrator? Calibrator) Uncalibrated(object model)
    {
        for (var type = model.GetType(); type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(CalibratedModelParametersBase<,>))
            {
                const BindingFlags declared = BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly;
                var inner = type.GetProperty(nameof(CalibratedModelParametersBase<object, ICalibrator>.SubModel), declared)?.GetValue(model);
                var calibrator = type.GetProperty(nameof(CalibratedModelParametersBase<object, ICalibrator>.Calibrator), declared)?.GetValue(model) as ICalibrator;
                return inner is null || calibrator is null ? (model, null) : (inner, calibrator);
            }
        }

        return (model, null);
    }

    /// <summary>
    /// A split: the slot it reads and the value it compares (left when at most the value), or, for a categorical split,
    /// <c>~start</c> of its slots in the categorical list and their count (right when any is above 0). A child at or
    /// above 0 is a node of the flat list, below 0 the <c>~</c> of a leaf in it.
    /// </summary>
    private readonly record struct Node(int Feature, float Threshold, int Left, int Right);
}
