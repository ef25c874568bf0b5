using Augur.Learning.Training;

namespace Augur.Learning.Trainers;

/// <summary>The metrics of each task, which one a task is ranked by, and that metric turned into a lower-is-better loss.</summary>
public static class Evaluator
{
    private static readonly HashSet<string> Maximised = new(StringComparer.Ordinal) { "auc", "prAuc", "f1", "accuracy", "macroF1", "r2", "precision", "recall" };

    /// <summary>The metric a task is ranked by: auc (binary), logLoss (multiclass), rmse (regression).</summary>
    public static string PrimaryMetric(TaskKind task) => task switch
    {
        TaskKind.Binary => "auc",
        TaskKind.Multiclass => "logLoss",
        _ => "rmse",
    };

    /// <summary>The metrics reported for a task (binary also reports "threshold", and "cost" with a cost matrix).</summary>
    public static IReadOnlyList<string> MetricsOf(TaskKind task) => task switch
    {
        TaskKind.Binary => ["auc", "logLoss", "prAuc", "f1", "accuracy", "precision", "recall"],
        TaskKind.Multiclass => ["logLoss", "accuracy", "macroF1"],
        _ => ["rmse", "mae", "r2", "mape"],
    };

    /// <summary>Whether a larger value of the metric is better.</summary>
    public static bool IsMaximised(string metric) => Maximised.Contains(metric);

    /// <summary>Lower is better: maximised metrics are negated.</summary>
    public static double Loss(TaskKind task, IReadOnlyDictionary<string, double> metrics) => Loss(PrimaryMetric(task), metrics);

    /// <summary>Lower is better: maximised metrics are negated; a missing metric is an infinite loss.</summary>
    public static double Loss(string metric, IReadOnlyDictionary<string, double> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return Loss(metric, metrics.GetValueOrDefault(metric, double.NaN));
    }

    /// <summary>One value of <paramref name="metric"/> as a loss: negated when maximised; NaN or infinite is an infinite loss.</summary>
    public static double Loss(string metric, double value)
    {
        var loss = IsMaximised(metric) ? -value : value;
        return double.IsFinite(loss) ? loss : double.PositiveInfinity;
    }
}
