using System.Globalization;
using Augur.Learning.Trainers;

namespace Augur.Platform.Monitoring;

/// <summary>Whether a measure on new data is as good as in training, and how to say it (<see cref="AccuracyCheck"/>).</summary>
public static class AccuracyComparison
{
    /// <summary>Changes smaller than this share of the training figure are "as good".</summary>
    public const double Tolerance = 0.05;

    /// <summary>Worse by more than this share is "much worse".</summary>
    public const double MuchWorseFrom = 0.15;

    /// <summary>
    /// The verdict for a measure now and in training. AUC is compared by its distance from a coin toss (0.5), so that
    /// 0.86 → 0.78 counts as the fifth of the model's skill it is, not as 9 %.
    /// </summary>
    public static AccuracyVerdict Judge(string metric, double now, double trained)
    {
        ArgumentNullException.ThrowIfNull(metric);
        if (!double.IsFinite(now) || !double.IsFinite(trained))
        {
            throw new ArgumentException($"Only finite measures can be compared, not {now} and {trained}.");
        }

        var (skillNow, skillThen) = metric == "auc" ? (now - 0.5, trained - 0.5) : (now, trained);
        var gain = Evaluator.IsMaximised(metric) ? skillNow - skillThen : skillThen - skillNow;
        var relative = gain / Math.Max(Math.Abs(skillThen), 1e-9);
        return relative > Tolerance ? AccuracyVerdict.Better
            : relative >= -Tolerance ? AccuracyVerdict.AsGood
            : relative >= -MuchWorseFrom ? AccuracyVerdict.LittleWorse
            : AccuracyVerdict.MuchWorse;
    }

    /// <summary>
    /// The measure to compare a version on: the one it was ranked by, else its task's usual one, else accuracy (the
    /// plainest), else any of the task's that both sides have (rows of one outcome only have no AUC, but an accuracy).
    /// Null when there is none.
    /// </summary>
    public static string? MeasureFor(string rankedBy, Augur.Learning.Training.TaskKind task, IReadOnlyDictionary<string, double> now, IReadOnlyDictionary<string, double> trained)
    {
        ArgumentNullException.ThrowIfNull(now);
        ArgumentNullException.ThrowIfNull(trained);
        return new[] { rankedBy, Evaluator.PrimaryMetric(task), "accuracy" }.Concat(Evaluator.MetricsOf(task))
            .FirstOrDefault(m => now.TryGetValue(m, out var a) && double.IsFinite(a) && trained.TryGetValue(m, out var b) && double.IsFinite(b));
    }

    /// <summary>What a verdict asks of a marketer, as the last sentence of a check.</summary>
    public static string Advice(AccuracyVerdict verdict) => verdict switch
    {
        AccuracyVerdict.Better => "It does better than in training.",
        AccuracyVerdict.AsGood => "It is as good as in training.",
        AccuracyVerdict.LittleWorse => "It is a little worse than in training: keep an eye on it.",
        _ => "It is much worse than in training: the customers have changed since; retrain it on recent data.",
    };

    /// <summary>An alert's words for a served version much worse than in training, on <paramref name="where"/> (e.g. "'october' (400 rows whose outcome is known)").</summary>
    public static string MuchWorseAlert(string model, int version, string where, string metric, double now, double trained) => string.Create(CultureInfo.InvariantCulture,
        $"{model} v{version} is much worse on {where} than in training: {Augur.Learning.Training.TrainingGoal.MeasureName(metric)} {now:0.###}, against {trained:0.###}. Retrain it on recent data.");

    /// <summary>The check in a sentence a marketer can act on.</summary>
    public static string Describe(AccuracyCheck check, string metricName)
    {
        ArgumentNullException.ThrowIfNull(check);
        var figures = string.Create(CultureInfo.InvariantCulture,
            $"On '{check.DatasetName}' ({check.Rows:N0} rows whose outcome is known), v{check.Version} scores {metricName} {check.Value:0.###}; it scored {check.TrainedValue:0.###} on the rows held back in training.");
        return figures + " " + Advice(check.Verdict);
    }
}
