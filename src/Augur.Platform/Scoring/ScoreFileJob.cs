using System.Diagnostics;
using Augur.Data.Ingestion;
using Augur.Learning.Bundles;
using Augur.Platform.Database;
using Augur.Platform.Serving;
using Augur.Platform.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Augur.Platform.Scoring;

/// <summary>
/// Scores one uploaded file. Delivery is at least once: Quartz may fire this job again after a crash, and a repeat
/// starts over cleanly (the attempt's work folder and partial output are deleted first, and the result is published
/// under its final name only when complete), so the person never downloads half a file. Cancellation from any node
/// is noticed by polling the job's row (<see cref="CancellationWatcher"/>).
/// </summary>
public sealed class ScoreFileJob(
    AugurDbContext db,
    ModelCache cache,
    IArtifactStore store,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    ILogger<ScoreFileJob> logger) : IJob
{
    public const string JobIdKey = "scoringJobId";

    /// <summary>Progress is written to the database at most this often (and when the file has been read, and at the end).</summary>
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    public static JobKey KeyFor(Guid jobId) => new($"score-{jobId:N}", "scoring");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var jobId = Guid.Parse(context.MergedJobDataMap.GetString(JobIdKey)!);
        var job = await db.ScoringJobs.SingleOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null || job.IsFinished)
        {
            return;
        }

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["ProjectId"] = job.ProjectId, ["ScoringJobId"] = job.Id });
        if (job.Attempts >= ScoringJob.MaxAttempts)
        {
            job.Fail(Now, $"Augur was stopped {job.Attempts} times while scoring this file, so it was not tried again. Start the scoring again.");
            await db.SaveChangesAsync(CancellationToken.None);
            return;
        }

        job.Start(Now);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Scoring job {ScoringJobId} started (attempt {Attempt}): {File} with {Model} v{Version}", job.Id, job.Attempts, job.InputFileName, job.ModelName, job.ModelVersion);

        await using var watcher = new CancellationWatcher(scopes, job.Id, cancellationToken);
        // The input is decrypted into a private working folder, and the results are stored (encrypted) from it.
        using var work = store.CreateWorkFolder();
        LocalCopy? input = null;
        try
        {
            input = await store.CheckOutAsync(job.InputKey, watcher.Token);
            await ScoreAsync(job, input.Path, work.Path, watcher.Token);
        }
        catch (OperationCanceledException) when (watcher.CancelledByPerson)
        {
            DeleteOutputs(job);
            logger.LogInformation("Scoring job {ScoringJobId} stopped: it was cancelled", job.Id);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The node is shutting down. The job stays "running"; Quartz fires it again (it requested recovery).
            logger.LogWarning("Scoring job {ScoringJobId} was interrupted by shutdown", job.Id);
            throw;
        }
        catch (IngestException ex)
        {
            await FailAsync(job, input is null ? ex.Message : ex.Message.Replace(input.Path, job.InputFileName, StringComparison.Ordinal));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            logger.LogError(ex, "Scoring job {ScoringJobId} failed", job.Id);
            await FailAsync(job, $"Scoring failed unexpectedly: {ex.Message}");
        }
        finally
        {
            input?.Dispose();
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task ScoreAsync(ScoringJob job, string input, string work, CancellationToken cancellationToken)
    {
        // A retried attempt starts from nothing: whatever an interrupted attempt left is removed first.
        DeleteOutputs(job);
        var version = await db.ModelVersions.AsNoTracking().SingleAsync(v => v.Id == job.ModelVersionId, cancellationToken);
        var bundle = await cache.GetAsync(version, cancellationToken);

        var partial = Path.Combine(work, "result" + job.Format.Extension());
        var partialRejects = Path.Combine(work, "rejects.csv");
        var request = new BatchScoringRequest(input, Path.Combine(work, "clean"), partial, job.Format)
        {
            RejectsPath = partialRejects,
            KeepColumns = job.KeepColumnList,
            DisplayName = job.InputFileName,
        };
        var lastSaved = Stopwatch.StartNew();
        var last = default(ScoringProgress);
        var outcome = await BatchScorer.ScoreAsync(bundle, request, async (progress, ct) =>
        {
            // Every batch updates the entity; the database hears about it once a second (and when the total is first known).
            var firstTotal = job.RowsTotal is null && progress.RowsTotal is not null;
            last = progress;
            job.ReportProgress(progress);
            if (firstTotal || lastSaved.Elapsed >= ProgressInterval)
            {
                await db.SaveChangesAsync(ct);
                lastSaved.Restart();
            }
        }, cancellationToken);

        // Publish under the final names only now: a download never sees a partial file.
        await store.CheckInAsync(job.ResultKey, partial, cancellationToken);
        await store.CheckInAsync(job.RejectsKey, partialRejects, cancellationToken);

        await db.Entry(job).ReloadAsync(cancellationToken);
        if (job.IsFinished)
        {
            // Cancelled in the last moments: the person asked for no result, so none is kept.
            DeleteOutputs(job);
            return;
        }

        job.ReportProgress(last with { RowsRejected = outcome.RowsRejected });
        job.Succeed(Now, outcome.RowsScored, outcome.RowsRejected);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Scoring job {ScoringJobId} succeeded: {Scored} rows scored, {Rejected} rejected", job.Id, outcome.RowsScored, outcome.RowsRejected);
    }

    private async Task FailAsync(ScoringJob job, string reason)
    {
        DeleteOutputs(job);
        await db.Entry(job).ReloadAsync(CancellationToken.None);
        if (!job.IsFinished)
        {
            job.Fail(Now, reason);
            await db.SaveChangesAsync(CancellationToken.None);
        }

        logger.LogWarning("Scoring job {ScoringJobId} failed: {Reason}", job.Id, reason);
    }

    private void DeleteOutputs(ScoringJob job)
    {
        store.Delete(job.ResultKey);
        store.Delete(job.RejectsKey);
    }

    /// <summary>
    /// Polls the job's row once a second on its own database context (the job's context is busy with progress), and
    /// cancels <see cref="Token"/> when a person cancelled the job or the node shuts down.
    /// </summary>
    private sealed class CancellationWatcher : IAsyncDisposable
    {
        private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
        private readonly CancellationTokenSource _source;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _polling;

        public CancellationWatcher(IServiceScopeFactory scopes, Guid jobId, CancellationToken shutdown)
        {
            _source = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
            _polling = PollAsync(scopes, jobId);
        }

        public CancellationToken Token => _source.Token;

        public bool CancelledByPerson { get; private set; }

        private async Task PollAsync(IServiceScopeFactory scopes, Guid jobId)
        {
            using var timer = new PeriodicTimer(PollInterval);
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token))
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<AugurDbContext>();
                    var status = await db.ScoringJobs.Where(j => j.Id == jobId).Select(j => j.Status).SingleOrDefaultAsync(_stop.Token);
                    if (status == ScoringStatus.Cancelled)
                    {
                        CancelledByPerson = true;
                        await _source.CancelAsync();
                        return;
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                // The job finished; the watcher is no longer needed.
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _polling;
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                // A failed poll must never fail the job it watches.
            }

            _stop.Dispose();
            _source.Dispose();
        }
    }
}
