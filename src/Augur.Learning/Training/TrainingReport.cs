using System.Text.Json;
using Augur.Data;
using Augur.Learning.Bundles;

namespace Augur.Learning.Training;

/// <summary>
/// What a run found, for the people who use the model: the metrics of what is served, which columns matter most, the
/// lift table, and the columns left out and why. `augur train` writes it as report.json; the platform keeps it with the
/// run for the dashboard and the API. Trials and their parameters are in the leaderboard instead.
/// </summary>
/// <param name="PositiveLabel">Binary tasks: the class the threshold and the lift table's positives refer to, in the data's own words ("Yes").</param>
/// <param name="IdentifierColumns">Columns not used because they are identifiers (a different value on nearly every row).</param>
public sealed record TrainingReport(
    TaskKind Task,
    string TaskReason,
    string Target,
    string Metric,
    string Validation,
    string Trainer,
    bool RefittedOnAllData,
    string ServedModels,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, double> BestTrialMetrics,
    IReadOnlyList<EnsembleMember> Ensemble,
    string? PositiveLabel,
    double? Threshold,
    IReadOnlyList<FeatureImportance> FeatureImportance,
    IReadOnlyList<LiftRow> LiftTable,
    IReadOnlyList<ExcludedColumn> ExcludedColumns,
    IReadOnlyList<string> LocationFeatures,
    IReadOnlyList<string> IdentifierColumns)
{
    /// <summary>Whether the search finished before its budget because it had stopped finding better models (<see cref="TrainingRequest.EarlyStopping"/>).</summary>
    public bool StoppedEarly { get; init; }

    /// <summary>The columns that help the model most, most first: those whose shuffling made it worse (zero or less means it did not).</summary>
    public IEnumerable<FeatureImportance> Helping(int count) => FeatureImportance.Where(f => f.Importance > 0).Take(count);

    /// <summary>Why <see cref="IdentifierColumns"/> were not used, in words that follow their names.</summary>
    public string IdentifierReason() => IdentifierColumns.Count == 1
        ? "an ID: it names rows rather than describing them, so it says nothing about new ones"
        : "IDs: they name rows rather than describing them, so they say nothing about new ones";

    /// <summary>What a location pair (<see cref="LocationFeatures"/>) added, in words that follow its name ("latitude + longitude was read …").</summary>
    public const string LocationNote =
        "was read as a location: besides the two numbers, the model also saw where each row lies along several directions on the map";

    public static TrainingReport From(TrainingOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var info = outcome.Bundle.Info;
        return new TrainingReport(
            outcome.Task,
            outcome.TaskReason,
            info.Target,
            outcome.Metric,
            outcome.Validation,
            outcome.Best.Trainer,
            outcome.RefittedOnAllData,
            outcome.ServedModels,
            outcome.ValidationMetrics,
            outcome.Best.Metrics,
            outcome.Ensemble,
            outcome.Task == TaskKind.Binary ? info.Labels[1] : null,
            outcome.Threshold,
            outcome.FeatureImportance,
            outcome.LiftTable,
            outcome.ExcludedColumns,
            outcome.LocationFeatures,
            outcome.IdentifierColumns)
        {
            StoppedEarly = outcome.StoppedEarly,
        };
    }

    /// <summary>The report as stored with runs and model versions (compact JSON).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, AugurJson.Compact);

    /// <summary>
    /// A stored report read back; null when there is none, it is not a report, or a part of it is missing. A report
    /// explains a model to people: nothing that shows it may fail because of it.
    /// </summary>
    public static TrainingReport? Read(string? json) =>
        json is null ? null : Safely(() => JsonSerializer.Deserialize<TrainingReport>(json, AugurJson.Options));

    /// <inheritdoc cref="Read(string?)"/>
    public static TrainingReport? Read(Stream json) => Safely(() => JsonSerializer.Deserialize<TrainingReport>(json, AugurJson.Options));

    private static TrainingReport? Safely(Func<TrainingReport?> deserialise)
    {
        try
        {
            return Whole(deserialise());
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // JSON such as {} deserialises with nulls where the record promises values; such a report counts as none.
    private static TrainingReport? Whole(TrainingReport? report) =>
        report is
        {
            TaskReason: not null, Target: not null, Metric: not null, Validation: not null, Trainer: not null, ServedModels: not null,
            Metrics: not null, BestTrialMetrics: not null, Ensemble: not null, FeatureImportance: not null, LiftTable: not null,
            ExcludedColumns: not null, LocationFeatures: not null, IdentifierColumns: not null,
        }
            ? report
            : null;
}
