using Augur.Learning.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Augur.Learning.Trainers.Forest;

/// <summary>
/// Fits an extremely randomized forest (<see cref="ExtraTreesGrower"/>) on the "Features" vector and the "Label" column:
/// a key for multiclass (its count is the number of classes), a boolean for binary, a float for regression. Rows with a
/// missing label are skipped.
/// </summary>
internal sealed class ExtraTreesEstimator(MLContext ml, TaskKind task, ExtraTreesOptions options) : IEstimator<ITransformer>
{
    private const string LabelColumn = "Label";

    public ITransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var features = input.Schema[ExtraTreesTransformer.FeaturesColumn];
        var label = input.Schema[LabelColumn];
        if (features.Type is not VectorDataViewType { ItemType: NumberDataViewType, Size: > 0 } vector || vector.ItemType != NumberDataViewType.Single)
        {
            throw new ArgumentException($"Extra trees read a fixed-size float vector \"Features\", not {features.Type}.", nameof(input));
        }

        var width = vector.Size;
        var values = new List<float>();
        // One list for every task: a class index (a small whole number, exact as a float) or the regression target.
        var labels = new List<float>();
        using (var cursor = input.GetRowCursor([features, label]))
        {
            var getFeatures = cursor.GetGetter<VBuffer<float>>(features);
            var readLabel = LabelReader(cursor, label);
            var buffer = default(VBuffer<float>);
            var dense = new float[width];
            while (cursor.MoveNext())
            {
                if (readLabel() is not { } y)
                {
                    continue;
                }

                getFeatures(ref buffer);
                buffer.CopyTo(dense);
                values.AddRange(dense);
                labels.Add((float)y);
            }
        }

        var rows = labels.Count;
        if (rows == 0)
        {
            throw new InvalidOperationException("Extra trees need at least one row with a label.");
        }

        // Column-major, so a node's scan of one feature reads one contiguous column.
        var columns = new float[rows * width];
        for (var i = 0; i < rows; i++)
        {
            for (var f = 0; f < width; f++)
            {
                columns[(f * rows) + i] = values[(i * width) + f];
            }
        }

        // Checked between trees, so a cancelled trial stops its forest instead of growing it to the end unseen.
        bool Cancelled() => MlCancellation.IsCancelled(ml);
        var model = task switch
        {
            TaskKind.Multiclass => ExtraTreesGrower.Classify(columns, rows, width, [.. labels.Select(l => (int)l)], Classes(label), options, Cancelled),
            TaskKind.Binary => ExtraTreesGrower.Classify(columns, rows, width, [.. labels.Select(l => (int)l)], 2, options, Cancelled),
            _ => ExtraTreesGrower.Regress(columns, rows, width, [.. labels], options, Cancelled),
        };
        return new ExtraTreesTransformer(ml, task, model);
    }

    /// <summary>The columns the scoring mapping adds; a forest of no trees stands in, since the shape has no sizes.</summary>
    public SchemaShape GetOutputSchema(SchemaShape inputSchema) =>
        ExtraTreesTransformer.Mapping(ml, task, new ExtraTreesModel(1, task == TaskKind.Regression ? 1 : 2, [], [], [], [], [])).GetOutputSchema(inputSchema);

    private static int Classes(DataViewSchema.Column label) => label.Type is KeyDataViewType { Count: > 0 and <= int.MaxValue } key
        ? (int)key.Count
        : throw new ArgumentException($"A multiclass label must be a key with a known number of classes, not {label.Type}.", nameof(label));

    /// <summary>Reads the label as a class index (or the target for regression); null when it is missing.</summary>
    private Func<double?> LabelReader(DataViewRowCursor cursor, DataViewSchema.Column label)
    {
        switch (task)
        {
            case TaskKind.Multiclass:
                {
                    // Key values count from 1; 0 means missing.
                    var get = cursor.GetGetter<uint>(label);
                    uint key = 0;
                    return () =>
                    {
                        get(ref key);
                        return key == 0 ? null : key - 1;
                    };
                }

            case TaskKind.Binary:
                {
                    var get = cursor.GetGetter<bool>(label);
                    var flag = false;
                    return () =>
                    {
                        get(ref flag);
                        return flag ? 1 : 0;
                    };
                }

            default:
                {
                    var get = cursor.GetGetter<float>(label);
                    var value = 0f;
                    return () =>
                    {
                        get(ref value);
                        return float.IsNaN(value) ? null : value;
                    };
                }
        }
    }
}
