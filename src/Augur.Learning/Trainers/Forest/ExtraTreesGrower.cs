namespace Augur.Learning.Trainers.Forest;

/// <summary>
/// Grows extremely randomized trees (Geurts, Ernst and Wehenkel, 2006) on all the rows, without bootstrap. At each node
/// it draws <see cref="ExtraTreesOptions.FeaturesPerSplit"/> non-constant features at random, one threshold for each
/// uniformly between the feature's smallest and largest value among the node's rows, and keeps the split with the best
/// Gini (or entropy) decrease, variance decrease for regression. A node becomes a leaf when it is pure, has fewer than twice the
/// minimum leaf size, or no candidate leaves enough rows on both sides.
/// </summary>
/// <remarks>
/// Written here because the package mirror has no multiclass random forest (ML.NET's FastForest is binary or regression
/// only, and wrapped in one-versus-all it was slower and worse than LightGBM on wine-quality), and fully grown randomized
/// trees are what the references use on data with many repeated rows. Rows are read column-major and the node's rows
/// are an index range partitioned in place: nothing is allocated per node, and one forest grows on one thread.
/// </remarks>
internal sealed class ExtraTreesGrower
{
    private readonly float[] _columns;
    private readonly int _rows;
    private readonly int _width;
    private readonly int[]? _classes;
    private readonly float[]? _targets;
    private readonly int _outputs;
    private readonly ExtraTreesOptions _options;
    private readonly int _featuresPerSplit;
    private readonly int _minimumLeaf;

    private readonly int[] _index;
    private readonly Func<bool> _cancelled;
    private readonly int[] _featureOrder;
    private readonly double[] _counts;
    private readonly double[] _left;

    // n ln n for every count a node can hold, when splits are scored by entropy; null for Gini.
    private readonly double[]? _countLogs;
    private readonly Stack<(int Start, int End, int Parent)> _pending = new();

    private int[] _feature = new int[4096];
    private float[] _threshold = new float[4096];
    private int[] _next = new int[4096];
    private int _nodes;
    private float[] _values = new float[4096];
    private int _valueCount;

    private ExtraTreesGrower(float[] columns, int rows, int width, int[]? classes, float[]? targets, int outputs, ExtraTreesOptions options, Func<bool>? cancelled)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Trees, 1);
        if (columns.Length != rows * width)
        {
            throw new ArgumentException($"Expected {rows} x {width} values, column by column.", nameof(columns));
        }

        _columns = columns;
        _rows = rows;
        _width = width;
        _classes = classes;
        _targets = targets;
        _outputs = outputs;
        _options = options;
        _featuresPerSplit = options.FeaturesPerSplit(width);
        _minimumLeaf = Math.Max(1, options.MinimumExampleCountPerLeaf);
        _index = new int[rows];
        _cancelled = cancelled ?? (() => false);
        _featureOrder = [.. Enumerable.Range(0, width)];
        _counts = new double[outputs];
        _left = new double[outputs];
        if (options.Entropy && classes is not null)
        {
            _countLogs = [.. Enumerable.Range(0, rows + 1).Select(n => n == 0 ? 0 : n * Math.Log(n))];
        }
    }

    /// <param name="columns">Feature values column by column: feature f of row i is at f * rows + i.</param>
    /// <param name="classes">Each row's class, 0 to <paramref name="classCount"/> - 1.</param>
    /// <param name="cancelled">Asked between trees; when it answers true the growth stops with OperationCanceledException.</param>
    public static ExtraTreesModel Classify(float[] columns, int rows, int width, int[] classes, int classCount, ExtraTreesOptions options, Func<bool>? cancelled = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        if (classes.Length != rows || classes.Any(c => c < 0 || c >= classCount))
        {
            throw new ArgumentException($"Expected {rows} classes between 0 and {classCount - 1}.", nameof(classes));
        }

        return new ExtraTreesGrower(columns, rows, width, classes, null, classCount, options, cancelled).Grow();
    }

    /// <param name="columns">Feature values column by column: feature f of row i is at f * rows + i.</param>
    /// <param name="cancelled">Asked between trees; when it answers true the growth stops with OperationCanceledException.</param>
    public static ExtraTreesModel Regress(float[] columns, int rows, int width, float[] targets, ExtraTreesOptions options, Func<bool>? cancelled = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(options);
        if (targets.Length != rows)
        {
            throw new ArgumentException($"Expected {rows} targets.", nameof(targets));
        }

        return new ExtraTreesGrower(columns, rows, width, null, targets, 1, options, cancelled).Grow();
    }

    private ExtraTreesModel Grow()
    {
        if (_classes is not null)
        {
            // Most leaves of fully grown trees are pure: they all point at one shared one-hot row per class.
            EnsureValues(_outputs * _outputs);
            for (var c = 0; c < _outputs; c++)
            {
                _values[(c * _outputs) + c] = 1;
            }

            _valueCount = _outputs * _outputs;
        }

        var roots = new List<int>(_options.Trees);
        for (var tree = 0; tree < _options.Trees && (tree == 0 || _nodes < _options.MaximumNodes); tree++)
        {
            if (_cancelled())
            {
                throw new OperationCanceledException("The forest's growth was cancelled.");
            }

            roots.Add(_nodes);
            GrowTree(new Random(unchecked((_options.Seed * 7919) + tree)));
        }

        return new ExtraTreesModel(_width, _outputs, [.. roots], _feature[.._nodes], _threshold[.._nodes], _next[.._nodes], _values[.._valueCount]);
    }

    private void GrowTree(Random random)
    {
        for (var i = 0; i < _rows; i++)
        {
            _index[i] = i;
        }

        // Depth first: the left range is taken right after its parent, so it is always the next node.
        _pending.Push((0, _rows, -1));
        while (_pending.TryPop(out var range))
        {
            var node = AddNode();
            if (range.Parent >= 0)
            {
                _next[range.Parent] = node;
            }

            if (!TrySplit(range.Start, range.End, random, out var feature, out var threshold, out var middle))
            {
                _feature[node] = -1;
                _next[node] = Leaf(range.Start, range.End);
                continue;
            }

            _feature[node] = feature;
            _threshold[node] = threshold;
            _pending.Push((middle, range.End, node));
            _pending.Push((range.Start, middle, -1));
        }
    }

    /// <summary>Finds the node's split and partitions its rows (left: value not above the threshold, or missing).</summary>
    private bool TrySplit(int start, int end, Random random, out int bestFeature, out float bestThreshold, out int middle)
    {
        bestFeature = -1;
        bestThreshold = 0;
        middle = start;
        var n = end - start;
        if (n < 2 * _minimumLeaf || IsPure(start, end, out var total))
        {
            return false;
        }

        var best = double.NegativeInfinity;
        var tried = 0;
        for (var remaining = _width; remaining > 0 && tried < _featuresPerSplit; remaining--)
        {
            // A partial Fisher-Yates shuffle: every feature is drawn at most once per node.
            var pick = random.Next(remaining);
            var feature = _featureOrder[pick];
            (_featureOrder[pick], _featureOrder[remaining - 1]) = (_featureOrder[remaining - 1], feature);
            var column = _columns.AsSpan(feature * _rows, _rows);
            var (low, high) = Range(column, start, end);
            if (!(high > low))
            {
                // Constant (or missing) here: it cannot split, and does not count as one of the draws.
                continue;
            }

            tried++;
            var threshold = (float)(low + (random.NextDouble() * ((double)high - low)));
            if (threshold >= high)
            {
                threshold = low;
            }

            var score = Score(column, start, end, threshold, total);
            if (score > best)
            {
                best = score;
                bestFeature = feature;
                bestThreshold = threshold;
            }
        }

        if (bestFeature < 0)
        {
            return false;
        }

        middle = Partition(_columns.AsSpan(bestFeature * _rows, _rows), start, end, bestThreshold);
        return true;
    }

    private (float Low, float High) Range(ReadOnlySpan<float> column, int start, int end)
    {
        var low = float.PositiveInfinity;
        var high = float.NegativeInfinity;
        for (var i = start; i < end; i++)
        {
            // NaN fails both comparisons and is left out of the range.
            var v = column[_index[i]];
            if (v < low)
            {
                low = v;
            }

            if (v > high)
            {
                high = v;
            }
        }

        return (low, high);
    }

    /// <summary>
    /// The split's proxy for the impurity decrease, larger is better; -infinity when a side has fewer rows than the
    /// minimum leaf. Gini: sum over sides of (sum of squared class counts) / rows. Entropy: minus the sum over sides of
    /// rows x entropy. Variance: (sum of targets)² / rows.
    /// </summary>
    private double Score(ReadOnlySpan<float> column, int start, int end, float threshold, double total)
    {
        var n = end - start;
        var leftRows = 0;
        if (_classes is { } classes)
        {
            Array.Clear(_left);
            for (var i = start; i < end; i++)
            {
                var row = _index[i];
                if (!(column[row] > threshold))
                {
                    _left[classes[row]]++;
                    leftRows++;
                }
            }

            if (leftRows < _minimumLeaf || n - leftRows < _minimumLeaf)
            {
                return double.NegativeInfinity;
            }

            if (_countLogs is { } logs)
            {
                // Minus the rows times the entropy of each side: the sum over classes of c ln c, less n ln n.
                var gain = -logs[leftRows] - logs[n - leftRows];
                for (var k = 0; k < _outputs; k++)
                {
                    gain += logs[(int)_left[k]] + logs[(int)(_counts[k] - _left[k])];
                }

                return gain;
            }

            double left = 0, right = 0;
            for (var k = 0; k < _outputs; k++)
            {
                var r = _counts[k] - _left[k];
                left += _left[k] * _left[k];
                right += r * r;
            }

            return (left / leftRows) + (right / (n - leftRows));
        }

        var targets = _targets!;
        var leftSum = 0.0;
        for (var i = start; i < end; i++)
        {
            var row = _index[i];
            if (!(column[row] > threshold))
            {
                leftSum += targets[row];
                leftRows++;
            }
        }

        if (leftRows < _minimumLeaf || n - leftRows < _minimumLeaf)
        {
            return double.NegativeInfinity;
        }

        var rightSum = total - leftSum;
        return (leftSum * leftSum / leftRows) + (rightSum * rightSum / (n - leftRows));
    }

    private int Partition(ReadOnlySpan<float> column, int start, int end, float threshold)
    {
        var i = start;
        var j = end - 1;
        while (i <= j)
        {
            if (column[_index[i]] > threshold)
            {
                (_index[i], _index[j]) = (_index[j], _index[i]);
                j--;
            }
            else
            {
                i++;
            }
        }

        return i;
    }

    /// <summary>
    /// Whether the node's rows all have one class (or one target); fills <see cref="_counts"/> with the class counts,
    /// and <paramref name="total"/> with the sum of the targets for regression.
    /// </summary>
    private bool IsPure(int start, int end, out double total)
    {
        total = 0;
        if (_classes is { } classes)
        {
            Array.Clear(_counts);
            for (var i = start; i < end; i++)
            {
                _counts[classes[_index[i]]]++;
            }

            var present = 0;
            foreach (var count in _counts)
            {
                present += count > 0 ? 1 : 0;
            }

            return present <= 1;
        }

        var targets = _targets!;
        var first = targets[_index[start]];
        var pure = true;
        for (var i = start; i < end; i++)
        {
            var v = targets[_index[i]];
            total += v;
            pure &= v == first;
        }

        return pure;
    }

    /// <summary>The offset of the leaf's values: its class fractions (shared when pure), or its mean target.</summary>
    private int Leaf(int start, int end)
    {
        var n = end - start;
        IsPure(start, end, out var total);
        if (_classes is null)
        {
            return AddValues([(float)(total / n)]);
        }

        for (var k = 0; k < _outputs; k++)
        {
            if (_counts[k] == n)
            {
                return k * _outputs;
            }
        }

        Span<float> fractions = _outputs <= 256 ? stackalloc float[_outputs] : new float[_outputs];
        for (var k = 0; k < _outputs; k++)
        {
            fractions[k] = (float)(_counts[k] / n);
        }

        return AddValues(fractions);
    }

    private int AddValues(ReadOnlySpan<float> values)
    {
        EnsureValues(_valueCount + values.Length);
        var offset = _valueCount;
        values.CopyTo(_values.AsSpan(offset));
        _valueCount += values.Length;
        return offset;
    }

    private void EnsureValues(int size)
    {
        if (size > _values.Length)
        {
            Array.Resize(ref _values, Math.Max(size, _values.Length * 2));
        }
    }

    private int AddNode()
    {
        if (_nodes == _feature.Length)
        {
            var size = _feature.Length * 2;
            Array.Resize(ref _feature, size);
            Array.Resize(ref _threshold, size);
            Array.Resize(ref _next, size);
        }

        return _nodes++;
    }
}
