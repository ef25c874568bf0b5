using Augur.Learning.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Augur.Learning.Trainers.Forest;

/// <summary>
/// A trained forest as an ML.NET transformer: reads "Features" and adds the columns the other trainers of the task add
/// ("Score" as class probabilities in label order; "Score", "Probability" and "PredictedLabel" for binary; "Score" for
/// regression), so evaluation, ensembles and the bundle's engines use it unchanged. The rows are mapped by an
/// ML.NET custom mapping around <see cref="Model"/>.
/// </summary>
/// <remarks>
/// ML.NET cannot save it: saving a custom transformer needs ML.NET's internal save context and loadable-class
/// registration. The bundle saves the features half with ML.NET and <see cref="Model"/> beside it, and puts the two
/// back together on load (<see cref="ForestBundling"/>).
/// </remarks>
internal sealed class ExtraTreesTransformer : ITransformer
{
    public const string FeaturesColumn = "Features";

    private readonly ITransformer _scorer;

    public ExtraTreesTransformer(MLContext ml, TaskKind task, ExtraTreesModel model)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(model);
        Task = task;
        Model = model;
        var input = Input(model.Width);
        _scorer = Mapping(ml, task, model).Fit(ml.Data.LoadFromEnumerable(Array.Empty<ForestFeatures>(), input));
    }

    public TaskKind Task { get; }

    public ExtraTreesModel Model { get; }

    public bool IsRowToRowMapper => true;

    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _scorer.GetOutputSchema(inputSchema);

    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => _scorer.GetRowToRowMapper(inputSchema);

    public IDataView Transform(IDataView input) => _scorer.Transform(input);

    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException($"ML.NET cannot save an extra-trees forest; the bundle saves it beside the pipeline ({nameof(ForestBundling)}).");

    /// <summary>The custom mapping that scores rows with <paramref name="model"/> (not fitted: it learns nothing).</summary>
    public static IEstimator<ITransformer> Mapping(MLContext ml, TaskKind task, ExtraTreesModel model)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(model);
        var input = Input(model.Width);
        return task switch
        {
            TaskKind.Multiclass => ml.Transforms.CustomMapping<ForestFeatures, ForestClassScores>(
                (row, answer) => answer.Score = Probabilities(model, row.Features), contractName: null, input, ClassScores(model.Outputs)),
            TaskKind.Binary => ml.Transforms.CustomMapping<ForestFeatures, ForestBinaryScore>(
                (row, answer) =>
                {
                    var p = Probabilities(model, row.Features)[1];
                    answer.Score = p;
                    answer.Probability = p;
                    answer.PredictedLabel = p >= 0.5f;
                }, contractName: null, input),
            _ => ml.Transforms.CustomMapping<ForestFeatures, ForestValue>(
                (row, answer) => answer.Score = Probabilities(model, row.Features)[0], contractName: null, input),
        };
    }

    private static SchemaDefinition Input(int width)
    {
        var input = SchemaDefinition.Create(typeof(ForestFeatures));
        input[nameof(ForestFeatures.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return input;
    }

    // A new array per row: ML.NET may keep the array it is handed as the row's vector.
    private static float[] Probabilities(ExtraTreesModel model, float[] features)
    {
        Span<double> sums = model.Outputs <= 64 ? stackalloc double[model.Outputs] : new double[model.Outputs];
        model.Predict(features, sums);
        var result = new float[model.Outputs];
        for (var k = 0; k < result.Length; k++)
        {
            result[k] = (float)sums[k];
        }

        return result;
    }

    private static SchemaDefinition ClassScores(int classes)
    {
        var output = SchemaDefinition.Create(typeof(ForestClassScores));
        output[nameof(ForestClassScores.Score)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, classes);
        return output;
    }
}
