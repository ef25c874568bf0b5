using System.Text.Json.Nodes;
using Augur.Data.Schema;
using Augur.Learning.Features;
using Augur.Learning.Trainers;
using Augur.Learning.Training;

namespace Augur.Learning.Bundles;

/// <summary>
/// How well a model does on rows whose outcome is known now: newer data than it was trained on, the target column
/// filled in. The same measures as in training, computed as the model is served: a yes/no model says yes from its own
/// cut (<see cref="BundleInfo.Threshold"/>), not from a cut tuned on these rows, so accuracy, precision, recall and F1
/// are what its users get.
/// </summary>
public static class KnownOutcomes
{
    /// <summary>Scores the rows that hold an outcome and measures the answers against it.</summary>
    /// <param name="rows">Rows with the model's inputs and its target column (rows without a target value are counted, not scored).</param>
    /// <param name="costs">A yes/no model's costs of mistakes, when it was trained with them: its "cost" at its own cut is measured too.</param>
    public static OutcomeCheck Evaluate(ModelBundle bundle, IReadOnlyList<JsonObject> rows, BinaryCosts? costs = null)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(rows);
        var info = bundle.Info;
        var labelled = new List<JsonObject>(rows.Count);
        var actual = new List<double>(rows.Count);
        var (missing, unknownClass) = (0, 0);
        foreach (var row in rows)
        {
            row.TryGetPropertyValue(info.Target, out var node);
            if (FieldReader.IsMissing(node) || !FieldReader.TryReadLabel(bundle.TargetType, node!, out var label))
            {
                missing++;
                continue;
            }

            var value = Outcome(bundle, label);
            if (value is null)
            {
                unknownClass++;
                continue;
            }

            labelled.Add(row);
            actual.Add(value.Value);
        }

        var outcomes = labelled.Count == 0 ? [] : bundle.PredictEach(labelled);
        var answered = Enumerable.Range(0, outcomes.Count).Where(i => outcomes[i].IsValid).ToList();
        var metrics = answered.Count == 0 ? new Dictionary<string, double>() : Measure(info, [.. answered.Select(i => actual[i])], [.. answered.Select(i => outcomes[i].Prediction!)], costs);
        return new OutcomeCheck(answered.Count, missing, unknownClass, outcomes.Count - answered.Count, metrics);
    }

    /// <summary>The class index (classification) or the number (regression) of an outcome; null for a class the model never saw.</summary>
    private static double? Outcome(ModelBundle bundle, string label)
    {
        if (bundle.Info.Task == TaskKind.Regression)
        {
            return double.Parse(label, System.Globalization.CultureInfo.InvariantCulture);
        }

        // The bundle names a yes/no target's classes in the source's words ("No", "Yes"), in the order of false, true.
        var index = bundle.TargetType == ColumnType.Boolean && label is "true" or "false" && bundle.Info.Labels.Count == 2
            ? (label == "true" ? 1 : 0)
            : bundle.Info.Labels.ToList().IndexOf(label);
        return index < 0 ? null : index;
    }

    private static Dictionary<string, double> Measure(BundleInfo info, List<double> actual, List<RowPrediction> predictions, BinaryCosts? costs)
    {
        switch (info.Task)
        {
            case TaskKind.Binary:
            {
                var positive = actual.Select(a => a == 1).ToList();
                var probability = predictions.Select(p => p.Probabilities![info.Labels[1]]).ToList();
                var metrics = Metrics.Binary(positive, probability, costs: null);
                // Threshold-free measures as computed; the rest at the model's own cut.
                var (tp, fp, fn, tn) = (0, 0, 0, 0);
                for (var i = 0; i < positive.Count; i++)
                {
                    var says = probability[i] >= info.Threshold;
                    (tp, fp, fn, tn) = (says, positive[i]) switch
                    {
                        (true, true) => (tp + 1, fp, fn, tn),
                        (true, false) => (tp, fp + 1, fn, tn),
                        (false, true) => (tp, fp, fn + 1, tn),
                        _ => (tp, fp, fn, tn + 1),
                    };
                }

                metrics["threshold"] = info.Threshold;
                metrics["accuracy"] = (double)(tp + tn) / positive.Count;
                metrics["f1"] = tp == 0 ? 0 : 2.0 * tp / ((2.0 * tp) + fp + fn);
                SetOrRemove(metrics, "precision", tp + fp == 0 ? double.NaN : (double)tp / (tp + fp));
                SetOrRemove(metrics, "recall", tp + fn == 0 ? double.NaN : (double)tp / (tp + fn));
                if (costs is not null)
                {
                    metrics["cost"] = ((fp * costs.FalsePositive) + (fn * costs.FalseNegative)) / positive.Count;
                }

                return metrics;
            }

            case TaskKind.Multiclass:
                return Metrics.Multiclass([.. actual.Select(a => (int)a)], [.. predictions.Select(p => info.Labels.Select(l => p.Probabilities!.GetValueOrDefault(l)).ToArray())], info.Labels.Count);
            default:
                return Metrics.Regression(actual, [.. predictions.Select(p => p.Prediction!.AsValue().TryGetValue<double>(out var number) ? number : double.Parse(p.Prediction.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture))]);
        }
    }

    private static void SetOrRemove(Dictionary<string, double> metrics, string key, double value)
    {
        if (double.IsFinite(value))
        {
            metrics[key] = value;
        }
        else
        {
            metrics.Remove(key);
        }
    }
}

/// <summary>What <see cref="KnownOutcomes.Evaluate"/> found.</summary>
/// <param name="Rows">Rows scored against their outcome.</param>
/// <param name="WithoutOutcome">Rows left out because their target value was empty or unreadable.</param>
/// <param name="UnknownClass">Rows left out because their outcome is a class the model never saw in training.</param>
/// <param name="Unanswered">Rows the model could not score (a missing or mistyped input).</param>
/// <param name="Metrics">The measures, with the same names as in training (empty when no row was scored).</param>
public sealed record OutcomeCheck(int Rows, int WithoutOutcome, int UnknownClass, int Unanswered, IReadOnlyDictionary<string, double> Metrics);
