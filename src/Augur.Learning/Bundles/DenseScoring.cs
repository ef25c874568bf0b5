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
    private const string FeaturesColumn = "Features";

    private readonly ITransformer _features;
    private readonly ITransformer _predictor;

    private DenseScoring(ITransformer features, ITransformer predictor)
    {
        _features = features;
        _predictor = predictor;
    }

    /// <summary>The model cut before its tree predictor, or null when it has none (then the whole model is used).</summary>
    public static DenseScoring? TryCreate(ITransformer model)
    {
        var steps = Flatten(model).ToList();
        var cut = steps.FindIndex(t => t is ISingleFeaturePredictionTransformer<object> p && p.FeatureColumnName == FeaturesColumn);
        if (cut <= 0 || !IsTreeModel(((ISingleFeaturePredictionTransformer<object>)steps[cut]).Model))
        {
            return null;
        }

        return new DenseScoring(new TransformerChain<ITransformer>([.. steps.Take(cut)]), new TransformerChain<ITransformer>([.. steps.Skip(cut)]));
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
}
