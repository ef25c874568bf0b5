using System.Text.Json;
using Augur.Data;
using Augur.Platform.Experiments;

namespace Augur.Web.Experiments;

/// <summary>
/// One trial as the API returns it. Resource figures are process-wide samples around the trial (see docs/experiments.md).
/// <see cref="DataFraction"/> below 1 marks a screening trial of successive halving, fitted on that share of the rows.
/// </summary>
public sealed record TrialResponse(
    Guid Id,
    Guid RunId,
    int Number,
    int Attempt,
    string Trainer,
    string Status,
    string? FailureReason,
    string? Metric,
    double? Score,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyList<Dictionary<string, double>> FoldMetrics,
    DateTime? StartedAt,
    double DurationSeconds,
    long? AllocatedBytes,
    double? CpuSeconds,
    long? WorkingSetBytes,
    string Log,
    string? ArtifactKey,
    string? WorkerId,
    double DataFraction)
{
    public static TrialResponse From(Trial t) => new(
        t.Id,
        t.RunId,
        t.Number,
        t.Attempt,
        t.Trainer,
        t.Status.ToString().ToLowerInvariant(),
        t.FailureReason,
        t.Metric,
        t.Score,
        Parse<Dictionary<string, string>>(t.ParametersJson) ?? [],
        Parse<Dictionary<string, double>>(t.MetricsJson) ?? [],
        Parse<List<Dictionary<string, double>>>(t.FoldMetricsJson) ?? [],
        t.StartedAt,
        t.DurationSeconds,
        t.AllocatedBytes,
        t.CpuSeconds,
        t.WorkingSetBytes,
        t.Log,
        t.ArtifactKey,
        t.WorkerId,
        t.DataFraction);

    private static T? Parse<T>(string json) where T : class => JsonSerializer.Deserialize<T>(json, AugurJson.Options);
}
