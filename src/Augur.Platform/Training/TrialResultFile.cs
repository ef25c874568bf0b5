using System.Text.Json;
using System.Text.Json.Serialization;
using Augur.Data;
using Augur.Learning.Search;
using Augur.Learning.Training;

namespace Augur.Platform.Training;

/// <summary>
/// What `augur trial --result FILE` writes: either the trial's measurements (metrics, the out-of-fold predictions the
/// ensemble needs, timings) or <see cref="Failure"/>, the reason an ordinary trial failure gives.
/// </summary>
public sealed record TrialResultFile
{
    /// <summary>The JSON of both trial files: Augur's style, plus NaN and infinity, which metrics and losses can be.</summary>
    public static JsonSerializerOptions Json { get; } = new(AugurJson.Compact) { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public string? Failure { get; init; }

    public Dictionary<string, double> Metrics { get; init; } = [];

    public double Loss { get; init; }

    public string? Metric { get; init; }

    public List<Dictionary<string, double>> FoldMetrics { get; init; } = [];

    /// <summary>Rows fitted per fold: fewer than the data's when successive halving screened the setting on a share.</summary>
    public int? TrainingRows { get; init; }

    public List<int>? OutOfFoldRows { get; init; }

    public List<double[]>? OutOfFoldPredictions { get; init; }

    /// <summary>The file beside this one that holds the trial's models (<see cref="TrialModelArchive"/>); null when it kept none.</summary>
    public string? Models { get; init; }

    /// <summary>From the child's start to the moment it began reading the request (runtime start-up).</summary>
    public double StartupSeconds { get; init; }

    /// <summary>Reading and preparing the data.</summary>
    public double PreparationSeconds { get; init; }

    /// <summary>Cross-validating the setting.</summary>
    public double TrialSeconds { get; init; }

    public static TrialResultFile From(TrialRun run, TimeSpan startup, TimeSpan preparation, TimeSpan trial)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new TrialResultFile
        {
            Metrics = new Dictionary<string, double>(run.Metrics),
            Loss = run.Loss,
            Metric = run.Metric,
            FoldMetrics = [.. run.FoldMetrics.Select(f => new Dictionary<string, double>(f))],
            TrainingRows = run.TrainingRows,
            OutOfFoldRows = run.OutOfFold is null ? null : [.. run.OutOfFold.Rows],
            OutOfFoldPredictions = run.OutOfFold is null ? null : [.. run.OutOfFold.Predictions],
            StartupSeconds = startup.TotalSeconds,
            PreparationSeconds = preparation.TotalSeconds,
            TrialSeconds = trial.TotalSeconds,
        };
    }

    /// <summary>The run as the search sees it, without its models (<see cref="Models"/> holds them).</summary>
    public TrialRun ToRun() =>
        new(Metrics, Loss)
        {
            Metric = Metric,
            FoldMetrics = [.. FoldMetrics],
            TrainingRows = TrainingRows,
            OutOfFold = OutOfFoldRows is not null && OutOfFoldPredictions is not null ? new OutOfFold(OutOfFoldRows, OutOfFoldPredictions) : null,
        };
}
