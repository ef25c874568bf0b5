using System.Reflection;
using Augur.Learning.Bundles;
using Augur.Learning.Features;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Augur.Learning.Explanations;

/// <summary>
/// Reason codes for one model (tree models, and linear ones through their weights): ML.NET's feature contribution calculation appended
/// to the model, then the per-slot contributions summed per user column. Built only when reason codes are first asked
/// for, so the plain prediction path never pays for it.
/// </summary>
internal sealed class ContributionExplainer : IDisposable
{
    // ML.NET keeps at most this many positive and as many negative slots per row; trees touch far fewer.
    private const int MaxSlots = 1000;

    private readonly EnginePool<ContributionScore>[] _engines;
    private readonly string[][] _slotColumns;

    private ContributionExplainer(EnginePool<ContributionScore>[] engines, string[][] slotColumns)
    {
        _engines = engines;
        _slotColumns = slotColumns;
    }

    /// <summary>An explainer for the model, or null when its predictor cannot give contributions (multiclass models).</summary>
    public static ContributionExplainer? TryCreate(MLContext ml, ITransformer model, SchemaDefinition input, FeaturePlan plan) =>
        TryCreate(ml, [model], input, plan);

    /// <summary>
    /// An explainer for equally weighted models of one trial (its cross-validation models, served as their average):
    /// each column's contribution is the mean of the models' contributions. Null when any of them cannot give them.
    /// </summary>
    public static ContributionExplainer? TryCreate(MLContext ml, IReadOnlyList<ITransformer> models, SchemaDefinition input, FeaturePlan plan)
    {
        var engines = new List<EnginePool<ContributionScore>>();
        var slotColumns = new List<string[]>();
        var empty = ml.Data.LoadFromEnumerable(Array.Empty<FeatureRow>(), input);
        foreach (var model in models)
        {
            var predictor = Flatten(model).LastOrDefault(t => t is ISingleFeaturePredictionTransformer<object>);
            var calculator = predictor is null ? null : Calculator(ml, predictor);
            if (calculator is null)
            {
                engines.ForEach(e => e.Dispose());
                return null;
            }

            var features = model.GetOutputSchema(empty.Schema);
            var explaining = new TransformerChain<ITransformer>(model, calculator.Fit(model.Transform(empty)));
            engines.Add(new EnginePool<ContributionScore>(ml, explaining, input));
            // Per model: a text or hashed column's slots can differ from one fold's fit to the next.
            slotColumns.Add(SlotColumns.Map(plan, features));
        }

        return engines.Count == 0 ? null : new ContributionExplainer([.. engines], [.. slotColumns]);
    }

    /// <summary>The <paramref name="top"/> columns with the largest contributions by size, with their sign.</summary>
    public IReadOnlyList<ReasonCode> Explain(FeatureRow row, int top)
    {
        var byColumn = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var m = 0; m < _engines.Length; m++)
        {
            var contributions = _engines[m].Predict(row).FeatureContributions;
            var columns = _slotColumns[m];
            for (var slot = 0; slot < contributions.Length && slot < columns.Length; slot++)
            {
                if (contributions[slot] != 0)
                {
                    byColumn[columns[slot]] = byColumn.GetValueOrDefault(columns[slot]) + (contributions[slot] / (double)_engines.Length);
                }
            }
        }

        return [.. byColumn.Where(c => c.Value != 0)
            .OrderByDescending(c => Math.Abs(c.Value)).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Take(top)
            .Select(c => new ReasonCode(c.Key, c.Value))];
    }

    public void Dispose()
    {
        foreach (var engines in _engines)
        {
            engines.Dispose();
        }
    }

    private static IEnumerable<ITransformer> Flatten(ITransformer transformer) =>
        transformer is IEnumerable<ITransformer> chain ? chain.SelectMany(Flatten) : [transformer];

    /// <summary>
    /// The contribution estimator for a prediction transformer. Calibrated binary models (LightGBM, FastTree) need the
    /// generic overload, whose type arguments are only known at run time.
    /// </summary>
    private static IEstimator<ITransformer>? Calculator(MLContext ml, ITransformer predictor)
    {
        if (predictor is ISingleFeaturePredictionTransformer<ICalculateFeatureContribution> plain)
        {
            return ml.Transforms.CalculateFeatureContribution(plain, MaxSlots, MaxSlots, normalize: false);
        }

        var calibrated = predictor.GetType().GetInterfaces()
            .Select(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ISingleFeaturePredictionTransformer<>) ? i.GetGenericArguments()[0] : null)
            .FirstOrDefault(m => m is { IsGenericType: true } && m.GetGenericTypeDefinition() == typeof(CalibratedModelParametersBase<,>));
        if (calibrated is null || !typeof(ICalculateFeatureContribution).IsAssignableFrom(calibrated.GetGenericArguments()[0]))
        {
            return null;
        }

        var method = typeof(ExplainabilityCatalog).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Single(m => m.Name == nameof(ExplainabilityCatalog.CalculateFeatureContribution) && m.IsGenericMethodDefinition)
            .MakeGenericMethod(calibrated.GetGenericArguments());
        return (IEstimator<ITransformer>?)method.Invoke(null, [ml.Transforms, predictor, MaxSlots, MaxSlots, false]);
    }
}
