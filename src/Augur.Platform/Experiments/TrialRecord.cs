using System.Globalization;
using System.Text.Json;
using Augur.Data;
using Augur.Learning.Training;

namespace Augur.Platform.Experiments;

/// <summary>What is stored for one finished trial, taken from the trainer's <see cref="TrialResult"/>.</summary>
public sealed record TrialRecord(
    int Number,
    int Attempt,
    string Trainer,
    TrialStatus Status,
    string? FailureReason,
    string? Metric,
    double? Score,
    IReadOnlyDictionary<string, double> Metrics,
    string ParametersJson,
    string MetricsJson,
    string FoldMetricsJson,
    DateTime? StartedAt,
    double DurationSeconds,
    long? AllocatedBytes,
    double? CpuSeconds,
    long? WorkingSetBytes,
    string Log)
{
    /// <summary>The share of the training rows the trial fitted on (less than 1 for a screening trial).</summary>
    public double DataFraction { get; init; } = 1;

    public static TrialRecord From(TrialResult trial, string? metric, int attempt)
    {
        ArgumentNullException.ThrowIfNull(trial);
        // NaN and infinities are not numbers a list can sort by, and JSON cannot hold them: undefined metrics are left out.
        var metrics = trial.Metrics.Where(m => double.IsFinite(m.Value)).ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
        var folds = trial.FoldMetrics.Select(f => f.Where(m => double.IsFinite(m.Value)).ToDictionary(m => m.Key, m => m.Value)).ToList();
        double? score = metric is not null && metrics.TryGetValue(metric, out var value) ? value : null;
        return new TrialRecord(
            trial.Number,
            attempt,
            trial.Trainer,
            trial.Status,
            trial.FailureReason,
            metric,
            score,
            metrics,
            JsonSerializer.Serialize(trial.Parameters, AugurJson.Compact),
            JsonSerializer.Serialize(metrics, AugurJson.Compact),
            JsonSerializer.Serialize(folds, AugurJson.Compact),
            trial.StartedAt?.UtcDateTime,
            trial.Duration.TotalSeconds,
            trial.Resources?.AllocatedBytes,
            trial.Resources?.CpuTime.TotalSeconds,
            trial.Resources?.WorkingSetBytes,
            Describe(trial, metric, score, folds.Count))
        {
            DataFraction = trial.DataFraction,
        };
    }

    private static string Describe(TrialResult trial, string? metric, double? score, int folds)
    {
        var parameters = string.Join(", ", trial.Parameters.Select(p => $"{p.Key}={p.Value}"));
        var took = trial.Duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var outcome = trial.Status switch
        {
            TrialStatus.Succeeded when score is { } s => $"succeeded in {took} s: {metric} = {s.ToString("G6", CultureInfo.InvariantCulture)}" + (folds > 0 ? $" over {folds} folds" : ""),
            TrialStatus.Succeeded => $"succeeded in {took} s",
            _ => $"{trial.Status.ToString().ToLowerInvariant()} after {took} s: {trial.FailureReason}",
        };
        var share = trial.DataFraction < 1 ? $" on {trial.DataFraction.ToString("0.#%", CultureInfo.InvariantCulture)} of the training rows" : "";
        return $"Trial {trial.Number} ({trial.Trainer}; {parameters}){share} {outcome}.";
    }
}
