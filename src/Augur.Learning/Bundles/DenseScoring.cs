using Augur.Learning.Features;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Augur.Learning.Bundles;

/// <summary>
/// A tree model cut in two for batch scoring: the feature transforms, then the predictor, with the "Features" vector
/// handed across dense. The one-hot bags make the concatenated vector sparse, and a tree walks a sparse vector with a
/// binary search per split; given the same values densely it reads each slot directly. A missing slot of a sparse
/// vector is 0, exactly the value the dense copy holds, so the trees see the same numbers and answer the same to the
/// bit. Only tree predictors (FastTree, FastForest, LightGBM) are cut: a linear model's dot product sums a dense
/// vector in another order than a sparse one, which could move the last bit.
/// </summary>
internal sealed class DenseScoring
{
    private const string FeaturesColumn = FeaturePipeline.FeaturesColumn;

    private const string ScoreColumn = nameof(RegressionScore.Score);
    private const string ProbabilityColumn = nameof(BinaryScore.Probability);
    private const int Probes = 400;

    private readonly ITransformer _features;
    private readonly IReadOnlyList<ITransformer> _featureSteps;
    private readonly ITransformer _predictor;
    private readonly Lazy<(DenseFeatures? Writer, string Reason, DataViewSchema? Schema)> _own;
    private readonly Lazy<(FlatTrees? Trees, string Reason)> _walk;

    private DenseScoring(IReadOnlyList<ITransformer> featureSteps, IReadOnlyList<ITransformer> predictorSteps, MLContext ml, SchemaDefinition input)
    {
        _featureSteps = featureSteps;
        _features = new TransformerChain<ITransformer>([.. featureSteps]);
        _predictor = new TransformerChain<ITransformer>([.. predictorSteps]);
        // Made on the first batch, so that bundles that never score one (training, online serving) do not pay the checks.
        _own = new(() => OwnFeatures(ml, input));
        _walk = new(() => predictorSteps is [ISingleFeaturePredictionTransformer<object> single] ? WalkTrees(single) : (null, "a predictor in several steps"));
    }

    /// <summary>
    /// Whether batches are scored with the "Features" vector written here (<see cref="DenseFeatures"/>), which happens
    /// when the feature half is one it proves it writes to the bit; otherwise the feature half keeps running.
    /// </summary>
    public bool WritesFeatures => _own.Value.Writer is not null;

    /// <summary>Why the features are not written here (empty when they are).</summary>
    public string NotWrittenBecause => _own.Value.Reason;

    /// <summary>
    /// Whether batches whose features are written here are also scored here, by walking a flat copy of the trees
    /// (<see cref="FlatTrees"/>), which happens when the copy answers generated vectors as the model does, to the bit.
    /// </summary>
    public bool WalksTrees => _walk.Value.Trees is not null;

    /// <summary>Why the trees are not walked here (empty when they are).</summary>
    public string NotWalkedBecause => _walk.Value.Reason;

    /// <summary>The model cut before its tree predictor, or null when it has none (then the whole model is used).</summary>
    /// <param name="input">The bundle's rows (<see cref="FeatureRow"/> as the bundle defines it), for the features written here.</param>
    public static DenseScoring? TryCreate(ITransformer model, MLContext ml, SchemaDefinition input)
    {
        var steps = Flatten(model).ToList();
        var cut = steps.FindIndex(t => t is ISingleFeaturePredictionTransformer<object> p && p.FeatureColumnName == FeaturesColumn);
        if (cut <= 0 || !IsTreeModel(((ISingleFeaturePredictionTransformer<object>)steps[cut]).Model))
        {
            return null;
        }

        return new DenseScoring([.. steps.Take(cut)], [.. steps.Skip(cut)], ml, input);
    }

    private (DenseFeatures? Writer, string Reason, DataViewSchema? Schema) OwnFeatures(MLContext ml, SchemaDefinition input)
    {
        try
        {
            var (writer, reason) = DenseFeatures.TryCreate(ml, _features, _featureSteps, input);
            var schema = writer is null ? null : _features.GetOutputSchema(ml.Data.LoadFromEnumerable(Array.Empty<FeatureRow>(), input).Schema);
            return (writer, reason, schema);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            // A feature half these rows do not fit: it is run as it is, which reports the problem per batch.
            return (null, e.Message, null);
        }
    }

    /// <summary>
    /// The flat copy of the trees, once it has answered <see cref="Probes"/> generated vectors (split values, the floats
    /// beside them, infinities) with the same "Score" and "Probability" bits as the predictor; otherwise null and why.
    /// </summary>
    private (FlatTrees? Trees, string Reason) WalkTrees(ISingleFeaturePredictionTransformer<object> predictor)
    {
        if (_own.Value is not ({ } writer, _, { } schema))
        {
            return (null, "the features are not written here");
        }

        var (trees, reason) = FlatTrees.TryCreate(predictor);
        if (trees is null)
        {
            return (null, reason);
        }

        var probes = trees.Probes(writer.Length, Probes);
        var mapper = _predictor.GetRowToRowMapper(schema);
        foreach (var column in new[] { ScoreColumn, ProbabilityColumn })
        {
            if (mapper.OutputSchema.GetColumnOrNull(column) is not { } output)
            {
                continue;
            }

            using var written = new WrittenRow(schema, schema[FeaturesColumn], writer.Length, (i, features) => probes[i].CopyTo(features));
            using var row = mapper.GetRow(written, [output]);
            var getter = row.GetGetter<float>(output);
            var walked = new float[probes.Length];
            WalkAll(trees, writer.Length, probes.Length, (i, features) => probes[i].CopyTo(features), column == ProbabilityColumn, _ => float.NaN, walked);
            for (var i = 0; i < probes.Length; i++)
            {
                written.MoveTo(i);
                var expected = 0f;
                getter(ref expected);
                if (BitConverter.SingleToInt32Bits(walked[i]) != BitConverter.SingleToInt32Bits(expected))
                {
                    return (null, $"{column} of probe {i}: {walked[i]:R} walked, {expected:R} from the model");
                }
            }
        }

        return (trees, "");
    }

    /// <summary>
    /// As <see cref="Read{T}(IDataView, string, Lock, Func{ValueGetter{T}, Action})"/> for <paramref name="rows"/> (whose
    /// view is <paramref name="data"/>), writing their features without the feature half when <see cref="WritesFeatures"/>.
    /// </summary>
    public bool Read<T>(IReadOnlyList<FeatureRow> rows, IDataView data, string column, Lock building, Func<ValueGetter<T>, Action> reader)
    {
        IRowToRowMapper? predictor = null;
        DenseFeatures? writer = null;
        DataViewSchema? schema = null;
        FlatTrees? trees = null;
        lock (building)
        {
            if (_own.Value is ({ } made, _, { } madeSchema))
            {
                (writer, schema) = (made, madeSchema);
                predictor = _predictor.GetRowToRowMapper(schema);
                trees = _walk.Value.Trees;
            }
        }

        // Outside the lock: the batch itself is scored in parallel with the other threads' batches.
        if (writer is null || schema is null || predictor is null)
        {
            return Read(data, column, building, reader);
        }

        if (predictor.OutputSchema.GetColumnOrNull(column) is not { } output)
        {
            return false;
        }

        using var written = new WrittenRow(schema, schema[FeaturesColumn], writer.Length, (i, features) => writer.Write(rows[i], features));
        using var row = predictor.GetRow(written, [output]);
        if (trees is not null && column is ScoreColumn or ProbabilityColumn && row.GetGetter<T>(output) is ValueGetter<float> model)
        {
            Walk(rows, writer, trees, column == ProbabilityColumn, written, model, (Func<ValueGetter<float>, Action>)(Delegate)reader);
            return true;
        }

        var next = reader(row.GetGetter<T>(output));
        for (var i = 0; i < rows.Count; i++)
        {
            written.MoveTo(i);
            next();
        }

        return true;
    }

    /// <summary>
    /// Scores <paramref name="rows"/> by walking <paramref name="trees"/> over their written features; a row with a
    /// missing feature, which the copy cannot place, is answered by the <paramref name="model"/> instead.
    /// </summary>
    private static void Walk(IReadOnlyList<FeatureRow> rows, DenseFeatures writer, FlatTrees trees, bool probability, WrittenRow written, ValueGetter<float> model, Func<ValueGetter<float>, Action> reader)
    {
        var values = new float[rows.Count];
        WalkAll(trees, writer.Length, rows.Count, (i, features) => writer.Write(rows[i], features), probability, i =>
        {
            written.MoveTo(i);
            var value = 0f;
            model(ref value);
            return value;
        }, values);

        var at = 0;
        var next = reader((ref float value) => value = values[at]);
        for (; at < rows.Count; at++)
        {
            next();
        }
    }

    /// <summary>
    /// The score (or probability) of <paramref name="count"/> rows whose features <paramref name="write"/> writes, walked
    /// <see cref="FlatTrees.Block"/> rows at a time; a row with a missing feature gets <paramref name="model"/>'s answer.
    /// </summary>
    private static void WalkAll(FlatTrees trees, int width, int count, Action<int, Span<float>> write, bool probability, Func<int, float> model, Span<float> values)
    {
        var features = new float[FlatTrees.Block * width];
        Span<double> sums = stackalloc double[FlatTrees.Block];
        for (var start = 0; start < count; start += FlatTrees.Block)
        {
            var rows = Math.Min(FlatTrees.Block, count - start);
            for (var row = 0; row < rows; row++)
            {
                write(start + row, features.AsSpan(row * width, width));
            }

            trees.Sum(features, width, sums[..rows]);
            for (var row = 0; row < rows; row++)
            {
                values[start + row] = FlatTrees.HasMissing(features.AsSpan(row * width, width)) ? model(start + row)
                    : probability ? trees.Probability(sums[row]) : FlatTrees.Score(sums[row]);
            }
        }
    }

    /// <summary>
    /// Drives both halves over one cursor of <paramref name="data"/> and calls <paramref name="next"/> once per row
    /// with <paramref name="column"/>'s getter; false when the model has no such column (nothing is read).
    /// </summary>
    /// <remarks>Building mappers is serialised on <paramref name="building"/>, as the caller's MLContext needs.</remarks>
    public bool Read<T>(IDataView data, string column, Lock building, Func<ValueGetter<T>, Action> reader)
    {
        IRowToRowMapper features;
        IRowToRowMapper predictor;
        lock (building)
        {
            features = _features.GetRowToRowMapper(data.Schema);
            predictor = _predictor.GetRowToRowMapper(features.OutputSchema);
        }

        if (predictor.OutputSchema.GetColumnOrNull(column) is not { } output
            || features.OutputSchema.GetColumnOrNull(FeaturesColumn) is not { } vector)
        {
            return false;
        }

        using var cursor = data.GetRowCursor(features.GetDependencies([vector]));
        using var featureRow = features.GetRow(cursor, [vector]);
        using var dense = new DenseRow(featureRow, vector);
        using var row = predictor.GetRow(dense, [output]);
        var next = reader(row.GetGetter<T>(output));
        while (cursor.MoveNext())
        {
            next();
        }

        return true;
    }

    private static IEnumerable<ITransformer> Flatten(ITransformer transformer) =>
        transformer is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : [transformer];

    // The tree models live in the FastTree and LightGbm assemblies; calibrated ones carry theirs as a type argument.
    private static bool IsTreeModel(object model) => Types(model.GetType()).Any(t =>
        t.Assembly.GetName().Name is "Microsoft.ML.FastTree" or "Microsoft.ML.LightGbm");

    /// <summary>The type, its type arguments (a calibrated model's inner model) and its base types, recursively.</summary>
    private static IEnumerable<Type> Types(Type type)
    {
        yield return type;
        var related = type.IsGenericType ? type.GetGenericArguments() : type.BaseType is { } parent && parent != typeof(object) ? [parent] : [];
        foreach (var inner in related.SelectMany(Types))
        {
            yield return inner;
        }
    }

    /// <summary>The feature half's row, with "Features" handed out dense; every other column as it is.</summary>
    private sealed class DenseRow(DataViewRow inner, DataViewSchema.Column features) : DataViewRow
    {
        public override DataViewSchema Schema => inner.Schema;

        public override long Position => inner.Position;

        public override long Batch => inner.Batch;

        public override ValueGetter<DataViewRowId> GetIdGetter() => inner.GetIdGetter();

        public override bool IsColumnActive(DataViewSchema.Column column) => inner.IsColumnActive(column);

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index != features.Index || typeof(TValue) != typeof(VBuffer<float>))
            {
                return inner.GetGetter<TValue>(column);
            }

            var source = inner.GetGetter<VBuffer<float>>(column);
            var sparse = default(VBuffer<float>);
            ValueGetter<VBuffer<float>> densify = (ref VBuffer<float> destination) =>
            {
                source(ref sparse);
                var editor = VBufferEditor.Create(ref destination, sparse.Length);
                sparse.CopyTo(editor.Values);
                destination = editor.Commit();
            };
            return (ValueGetter<TValue>)(Delegate)densify;
        }
    }

    /// <summary>A row of the feature half's schema whose only column is "Features", written by <paramref name="writeRow"/> (row, vector).</summary>
    private sealed class WrittenRow(DataViewSchema schema, DataViewSchema.Column features, int length, Action<int, Span<float>> writeRow) : DataViewRow
    {
        private long _position = -1;

        public override DataViewSchema Schema => schema;

        // Mappers cache a row's values by position, so each row has its own.
        public override long Position => _position;

        public override long Batch => 0;

        public void MoveTo(int index) => _position = index;

        public override ValueGetter<DataViewRowId> GetIdGetter() =>
            (ref DataViewRowId id) => id = new DataViewRowId((ulong)_position, 0);

        public override bool IsColumnActive(DataViewSchema.Column column) => column.Index == features.Index;

        public override ValueGetter<TValue> GetGetter<TValue>(DataViewSchema.Column column)
        {
            if (column.Index != features.Index || typeof(TValue) != typeof(VBuffer<float>))
            {
                throw new InvalidOperationException($"Only {FeaturesColumn} is written, not {column.Name}.");
            }

            ValueGetter<VBuffer<float>> write = (ref VBuffer<float> destination) =>
            {
                var editor = VBufferEditor.Create(ref destination, length);
                writeRow((int)_position, editor.Values);
                destination = editor.Commit();
            };
            return (ValueGetter<TValue>)(Delegate)write;
        }
    }
}
