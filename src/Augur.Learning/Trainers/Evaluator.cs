using Augur.Learning.Training;
using Microsoft.ML;

namespace Augur.Learning.Trainers;

/// <summary>Validation metrics per task (camelCase keys) and the primary metric turned into a lower-is-better loss.</summary>
public static class Evaluator
{
    /// <summary>The metric a task is ranked by: auc (binary), logLoss (multiclass), rmse (regression).</summary>
    public static string PrimaryMetric(TaskKind task) => task switch
    {
        TaskKind.Binary => "auc",
        TaskKind.Multiclass => "logLoss",
        _ => "rmse",
    };

    /// <summary>Lower is better: maximised metrics are negated.</summary>
    public static double Loss(TaskKind task, IReadOnlyDictionary<string, double> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var value = metrics.GetValueOrDefault(PrimaryMetric(task), double.NaN);
        var loss = task == TaskKind.Binary ? -value : value;
        return double.IsFinite(loss) ? loss : double.PositiveInfinity;
    }

    internal static IReadOnlyDictionary<string, double> Evaluate(MLContext ml, TaskKind task, IDataView scored)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        switch (task)
        {
            case TaskKind.Binary:
                var binary = ml.BinaryClassification.Evaluate(scored);
                metrics["auc"] = binary.AreaUnderRocCurve;
                metrics["logLoss"] = binary.LogLoss;
                metrics["f1"] = binary.F1Score;
                metrics["accuracy"] = binary.Accuracy;
                metrics["prAuc"] = binary.AreaUnderPrecisionRecallCurve;
                metrics["precision"] = binary.PositivePrecision;
                metrics["recall"] = binary.PositiveRecall;
                break;
            case TaskKind.Multiclass:
                var multiclass = ml.MulticlassClassification.Evaluate(scored);
                metrics["macroF1"] = MacroF1(multiclass.ConfusionMatrix.Counts);
                metrics["logLoss"] = multiclass.LogLoss;
                metrics["accuracy"] = multiclass.MicroAccuracy;
                metrics["macroAccuracy"] = multiclass.MacroAccuracy;
                break;
            default:
                var regression = ml.Regression.Evaluate(scored);
                metrics["rmse"] = regression.RootMeanSquaredError;
                metrics["mae"] = regression.MeanAbsoluteError;
                metrics["r2"] = regression.RSquared;
                break;
        }

        // NaN (e.g. precision with no positive prediction) cannot be written to JSON; such a metric is left out.
        return metrics.Where(m => double.IsFinite(m.Value)).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
    }

    /// <summary>Mean over classes of F1; rows of the confusion matrix are true classes, columns predicted ones.</summary>
    private static double MacroF1(IReadOnlyList<IReadOnlyList<double>> counts)
    {
        var total = 0.0;
        for (var k = 0; k < counts.Count; k++)
        {
            var truePositive = counts[k][k];
            var actual = counts[k].Sum();
            var predicted = counts.Sum(row => row[k]);
            var f1 = actual + predicted == 0 ? 0 : 2 * truePositive / (actual + predicted);
            total += f1;
        }

        return counts.Count == 0 ? double.NaN : total / counts.Count;
    }
}
