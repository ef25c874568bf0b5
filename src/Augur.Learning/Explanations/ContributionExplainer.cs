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

    private readonly EnginePool<ContributionScore> _engines;
    private readonly string[] _slotColumns;

    private ContributionExplainer(EnginePool<ContributionScore> engines, string[] slotColumns)
    {
        _engines = engines;
        _slotColumns = slotColumns;
    }

    /// <summary>An explainer for the model, or null when its predictor cannot give contributions (multiclass models).</summary>
    public static ContributionExplainer? TryCreate(MLContext ml, ITransformer model, SchemaDefinition input, FeaturePlan plan)
    {
        var predictor = Flatten(model).LastOrDefault(t => t is ISingleFeaturePredictionTransformer<object>);
        var calculator = predictor is null ? null : Calculator(ml, predictor);
        if (calculator is null)
        {
            return null;
        }

        var empty = ml.Data.LoadFromEnumerable(Array.Empty<FeatureRow>(), input);
        var features = model.GetOutputSchema(empty.Schema);
        var explaining = new TransformerChain<ITransformer>(model, calculator.Fit(model.Transform(empty)));
        return new ContributionExplainer(new EnginePool<ContributionScore>(ml, explaining, input), SlotColumns.Map(plan, features));
    }

    /// <summary>The <paramref name="top"/> columns with the largest contributions by size, with their sign.</summary>
    public IReadOnlyList<ReasonCode> Explain(FeatureRow row, int top)
    {
        var contributions = _engines.Predict(row).FeatureContributions;
        var byColumn = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var slot = 0; slot < contributions.Length && slot < _slotColumns.Length; slot++)
        {
            if (contributions[slot] != 0)
            {
                byColumn[_slotColumns[slot]] = byColumn.GetValueOrDefault(_slotColumns[slot]) + contributions[slot];
            }
        }

        return [.. byColumn.Where(c => c.Value != 0)
            .OrderByDescending(c => Math.Abs(c.Value)).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Take(top)
            .Select(c => new ReasonCode(c.Key, c.Value))];
    }

    public void Dispose() => _engines.Dispose();

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
