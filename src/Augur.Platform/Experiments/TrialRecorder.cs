using Augur.Platform.Database;
using Augur.Platform.Training;
using Microsoft.EntityFrameworkCore;

namespace Augur.Platform.Experiments;

/// <summary>
/// Writes finished trials. Safe to repeat: a trial is keyed by (run, number), so a retried job or a second worker
/// updates the row and its metric rows instead of adding new ones (DESIGN.md, convention 8).
/// </summary>
public sealed class TrialRecorder(AugurDbContext db, TimeProvider clock)
{
    public async Task RecordAsync(Guid projectId, Guid runId, TrialRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            await UpsertAsync(projectId, runId, record, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another writer inserted the same (run, number) between our read and our insert: read it again and update.
            db.ChangeTracker.Clear();
            await UpsertAsync(projectId, runId, record, cancellationToken);
        }
    }

    /// <summary>
    /// Records, in one transaction, the trials of <paramref name="records"/> that are not stored yet: those whose write
    /// failed while training, or a batch of imported trials. Stored trials are left as they are.
    /// </summary>
    public async Task<int> RecordMissingAsync(Guid projectId, Guid runId, IReadOnlyList<TrialRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        var stored = (await db.Trials.Where(t => t.RunId == runId).Select(t => t.Number).ToListAsync(cancellationToken)).ToHashSet();
        var now = clock.GetUtcNow().UtcDateTime;
        var missing = 0;
        foreach (var record in records.Where(r => stored.Add(r.Number)))
        {
            var trial = Trial.Create(projectId, runId, record.Number);
            trial.Record(record, now);
            db.Trials.Add(trial);
            db.TrialMetrics.AddRange(record.Metrics.Select(m => new TrialMetric(trial, m.Key, m.Value)));
            missing++;
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return missing;
    }

    /// <summary>Updates the run's "trials done" while it trains, so lists show progress (the run's job owns the rest of the row).</summary>
    public Task<int> ReportCountAsync(Guid runId, int trialsDone, CancellationToken cancellationToken) =>
        db.TrainingRuns
            .Where(r => r.Id == runId && r.Status == RunStatus.Running && r.TrialsDone < trialsDone)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.TrialsDone, trialsDone), cancellationToken);

    private async Task UpsertAsync(Guid projectId, Guid runId, TrialRecord record, CancellationToken cancellationToken)
    {
        var trial = await db.Trials.SingleOrDefaultAsync(t => t.RunId == runId && t.Number == record.Number, cancellationToken);
        List<TrialMetric> metrics = [];
        if (trial is null)
        {
            trial = Trial.Create(projectId, runId, record.Number);
            db.Trials.Add(trial);
        }
        else
        {
            metrics = await db.TrialMetrics.Where(m => m.TrialId == trial.Id).ToListAsync(cancellationToken);
        }

        trial.Record(record, clock.GetUtcNow().UtcDateTime);
        db.TrialMetrics.RemoveRange(metrics.Where(m => !record.Metrics.ContainsKey(m.Key)));
        foreach (var (key, value) in record.Metrics)
        {
            if (metrics.FirstOrDefault(m => m.Key == key) is { } existing)
            {
                existing.Update(trial, value);
            }
            else
            {
                db.TrialMetrics.Add(new TrialMetric(trial, key, value));
            }
        }

        // One SaveChanges is one transaction: the trial and its metric rows are stored together or not at all.
        await db.SaveChangesAsync(cancellationToken);
    }
}
