using System.Text.Json;
using Augur.Data;
using Augur.Learning.Search;
using Augur.Learning.Training;
using Augur.Platform.Database;
using Augur.Platform.Experiments;
using Microsoft.EntityFrameworkCore;

namespace Augur.Platform.Training;

/// <summary>
/// What a study's workers need of a stored trial to take their next step: its number and status, whether it failed
/// only because its worker went away, its lease, the exact settings the tuner replays and the loss it learns from.
/// Every step reads this for every trial of the run, inside the study lock, so it is a projection: no log, parameters
/// or fold metrics, nothing tracked, the loss from the stored score instead of the metrics' JSON, and the settings
/// parsed once.
/// </summary>
/// <param name="Settings">The settings the tuner proposed; null for a trial stored without them.</param>
/// <param name="Loss">Lower is better (<see cref="Augur.Learning.Trainers.Evaluator.Loss(string, IReadOnlyDictionary{string, double})"/>); infinite unless the trial succeeded with a score.</param>
public sealed record StudyTrial(int Number, TrialStatus Status, bool LostItsWorker, DateTime? LeaseUntil, string? WorkerId, TrialSettings? Settings, double Loss)
{
    /// <summary>What the tuner learns from the trial; null when it was stored without settings.</summary>
    public TrialObservation? Observation => Settings is null ? null : new TrialObservation(Settings, Status, Loss);

    /// <summary>Every trial of the run, as the study lock reads them (in no particular order).</summary>
    public static async Task<List<StudyTrial>> ReadAsync(AugurDbContext db, Guid runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var rows = await db.Trials.AsNoTracking()
            .Where(t => t.RunId == runId)
            .Select(t => new { t.Number, t.Status, Lost = t.FailureReason == Trial.WorkerStoppedReason, t.LeaseUntil, t.WorkerId, t.SettingsJson, t.Metric, t.Score })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => Create(r.Number, r.Status, r.Lost, r.LeaseUntil, r.WorkerId, r.SettingsJson, r.Metric, r.Score))];
    }

    /// <summary>The same view of a trial read whole.</summary>
    public static StudyTrial From(Trial trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        return Create(trial.Number, trial.Status, trial.FailureReason == Trial.WorkerStoppedReason, trial.LeaseUntil, trial.WorkerId, trial.SettingsJson, trial.Metric, trial.Score);
    }

    /// <summary>
    /// The settings of the succeeded trials with a score on all rows, best first (ties by number): what a study is
    /// finalised from. Screening trials (successive halving) are not comparable with those: only when no configuration
    /// reached all rows is the best of them given, from the largest share, for finalising to run on all rows.
    /// </summary>
    public static List<TrialSettings> Ranked(IEnumerable<StudyTrial> trials)
    {
        var scored = trials.Where(t => t.Settings is not null && t.Status == TrialStatus.Succeeded && double.IsFinite(t.Loss)).ToList();
        var full = scored.Where(t => t.Settings!.IsFullData).OrderBy(t => t.Loss).ThenBy(t => t.Number).Select(t => t.Settings!).ToList();
        return full.Count > 0 || scored.Count == 0
            ? full
            : [scored.OrderByDescending(t => t.Settings!.DataFraction).ThenBy(t => t.Loss).ThenBy(t => t.Number).First().Settings!];
    }

    /// <summary>
    /// A stored trial's loss: its score (the value of its metric, as recorded by <c>TrialRecord.From</c>) turned lower-is-
    /// better; infinite unless it succeeded with one. The same loss its metrics' JSON gives, without parsing it.
    /// </summary>
    public static double LossOf(TrialStatus status, string? metric, double? score) =>
        status == TrialStatus.Succeeded && metric is not null && score is { } value
            ? Augur.Learning.Trainers.Evaluator.Loss(metric, value)
            : double.PositiveInfinity;

    private static StudyTrial Create(int number, TrialStatus status, bool lost, DateTime? leaseUntil, string? workerId, string? settingsJson, string? metric, double? score)
    {
        var settings = settingsJson is null ? null : JsonSerializer.Deserialize<TrialSettings>(settingsJson, AugurJson.Options);
        return new StudyTrial(number, status, lost && status == TrialStatus.Failed, leaseUntil, workerId, settings, LossOf(status, metric, score));
    }
}
