using Augur.Platform.Audit;
using Augur.Platform.Database;
using Augur.Platform.Datasets;
using Augur.Platform.Models;
using Augur.Platform.Paging;
using Augur.Platform.Projects;
using Augur.Platform.Storage;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace Augur.Platform.Scoring;

/// <summary>Batch scoring of uploaded files: queues a Quartz job per file, reports its progress, serves its result, cancels it.</summary>
public sealed class ScoringService(
    AugurDbContext db,
    ProjectService projects,
    ModelService models,
    IArtifactStore store,
    ISchedulerFactory schedulers,
    TimeProvider clock,
    AuditLog audit)
{
    /// <summary>
    /// Stores the upload and queues its scoring. The model and version are resolved now (a bad name is a 400 naming
    /// the field); the file itself is read by the job, so a file of millions of rows does not hold up the request.
    /// </summary>
    public async Task<ScoringJob> StartAsync(Caller caller, Guid projectId, StartScoringRequest request, string fileName, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(content);
        await projects.RequireAsync(caller, projectId, ProjectRole.Editor, cancellationToken);
        if (string.IsNullOrWhiteSpace(request.Model))
        {
            throw new PlatformValidationException("model", "Name the model to score with.");
        }

        var format = ScoringFormats.Parse(request.Format);
        var selector = VersionSelector.Parse(request.Version);
        ModelVersion version;
        try
        {
            version = await models.ResolveAsync(projectId, request.Model.Trim(), selector, cancellationToken);
        }
        catch (NotFoundException ex)
        {
            throw new PlatformValidationException(selector.IsLatest ? "model" : "version", ex.Message);
        }

        var keep = (request.KeepColumns ?? []).SelectMany(k => k.Split(',')).Select(k => k.Trim()).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var safeName = DatasetService.SafeFileName(fileName);
        var job = ScoringJob.Queue(projectId, request.Model.Trim(), selector.ToString(), version.Id, version.Version, safeName, format, keep, caller.UserId, Now);
        try
        {
            // Checked from a private working copy, then stored (encrypted) only once it is accepted.
            using (var work = store.CreateWorkFolder())
            {
                var input = work.File(safeName);
                await using (var file = File.Create(input))
                {
                    await content.CopyToAsync(file, cancellationToken);
                }

                UploadContentCheck.Check(safeName, input);
                var bytes = new FileInfo(input).Length;
                if (bytes == 0)
                {
                    throw new PlatformValidationException("file", $"{safeName}: the file is empty.");
                }

                job.RecordInputSize(bytes);
                await store.CheckInAsync(job.InputKey, input, cancellationToken);
            }

            db.ScoringJobs.Add(job);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            store.DeleteTree(job.StorageKey);
            throw;
        }

        await ScheduleAsync(job.Id, cancellationToken);
        await audit.RecordAsync(caller, "scoring.start", projectId, "scoring", job.Id.ToString(), $"{safeName} with {job.ModelName} v{job.ModelVersion} as {format.ToString().ToLowerInvariant()}", cancellationToken);
        return job;
    }

    public async Task<Page<ScoringJob>> ListAsync(Caller caller, Guid projectId, PageRequest page, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Viewer, cancellationToken);
        return await db.ScoringJobs.AsNoTracking().Where(j => j.ProjectId == projectId).OrderByDescending(j => j.CreatedAt).ToPageAsync(page, cancellationToken);
    }

    public async Task<ScoringJob> GetAsync(Caller caller, Guid projectId, Guid jobId, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Viewer, cancellationToken);
        return await db.ScoringJobs.AsNoTracking().SingleOrDefaultAsync(j => j.ProjectId == projectId && j.Id == jobId, cancellationToken)
            ?? throw new NotFoundException("scoring job", jobId);
    }

    /// <summary>The result file, streamed from the artifact store. Only a finished, successful job has one.</summary>
    public async Task<(ScoringJob Job, Stream Content)> OpenResultAsync(Caller caller, Guid projectId, Guid jobId, CancellationToken cancellationToken)
    {
        var job = await GetAsync(caller, projectId, jobId, cancellationToken);
        RequireSucceeded(job);
        return (job, store.OpenRead(job.ResultKey));
    }

    /// <summary>The rejects file (CSV: row, line, field, reason); it has only a header when every row was scored.</summary>
    public async Task<(ScoringJob Job, Stream Content)> OpenRejectsAsync(Caller caller, Guid projectId, Guid jobId, CancellationToken cancellationToken)
    {
        var job = await GetAsync(caller, projectId, jobId, cancellationToken);
        RequireSucceeded(job);
        return (job, store.OpenRead(job.RejectsKey));
    }

    /// <summary>
    /// Cancels a queued or running job. The job itself notices within a second on whichever node runs it (it polls
    /// its own row), stops and deletes its partial output.
    /// </summary>
    public async Task<ScoringJob> CancelAsync(Caller caller, Guid projectId, Guid jobId, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Editor, cancellationToken);
        var job = await db.ScoringJobs.SingleOrDefaultAsync(j => j.ProjectId == projectId && j.Id == jobId, cancellationToken)
            ?? throw new NotFoundException("scoring job", jobId);
        if (job.IsFinished)
        {
            throw new PlatformValidationException("jobId", $"This scoring job {Finished(job.Status)}; there is nothing to cancel.");
        }

        job.Cancel(Now, $"Cancelled by {caller.UserName}.");
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(caller, "scoring.cancel", projectId, "scoring", job.Id.ToString(), job.InputFileName, cancellationToken);
        return job;
    }

    /// <summary>Schedules the job that scores a file; it requests recovery, so a node that dies mid-file has it fired again.</summary>
    public async Task ScheduleAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var job = JobBuilder.Create<ScoreFileJob>()
            .WithIdentity(ScoreFileJob.KeyFor(jobId))
            .UsingJobData(ScoreFileJob.JobIdKey, jobId.ToString())
            .RequestRecovery()
            .Build();
        var trigger = TriggerBuilder.Create().ForJob(job).StartNow().Build();
        await scheduler.ScheduleJob(job, [trigger], new ScheduleJobOptions { Replace = true }, cancellationToken);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private static void RequireSucceeded(ScoringJob job)
    {
        if (job.Status != ScoringStatus.Succeeded)
        {
            throw new PlatformValidationException("jobId", job.IsFinished
                ? $"This scoring job {Finished(job.Status)}, so it has no result. {job.Reason}".TrimEnd()
                : "This scoring job has not finished yet; its result can be downloaded once it has.");
        }
    }

    private static string Finished(ScoringStatus status) => status switch
    {
        ScoringStatus.Succeeded => "has already finished",
        ScoringStatus.Failed => "has failed",
        _ => "has been cancelled",
    };
}
