using System.Security.Claims;
using Augur.Platform;
using Augur.Platform.Configuration;
using Augur.Platform.Paging;
using Augur.Platform.Scoring;
using Augur.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

using Augur.Web.Datasets;

namespace Augur.Web.Scoring;

/// <summary>Batch scoring: upload a file, follow the job, download the predictions (CSV, XLSX or JSONL) and the rejects.</summary>
public static class ScoringApi
{
    public static RouteGroupBuilder MapScoringApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/projects/{projectId:guid}/scoring").WithTags("Scoring");
        group.MapPost("/", StartAsync)
            .WithName("StartScoring")
            .WithSummary("Score a file (multipart: 'file', 'model', optional 'version' = latest|3|v3|alias, 'format' = csv|xlsx|jsonl, 'keep' = extra columns to copy, comma-separated). Answers at once with the queued job.")
            // API clients are not browsers holding an antiforgery token; the session cookie is SameSite=Strict.
            .DisableAntiforgery();
        group.MapGet("/", ListAsync).WithName("ListScoringJobs").WithSummary("The project's scoring jobs, newest first, a page at a time (offset, limit).");
        group.MapGet("/{jobId:guid}", GetAsync).WithName("GetScoringJob").WithSummary("One scoring job: status, rows done of the total, rows rejected, and links to the files once it has succeeded.");
        group.MapGet("/{jobId:guid}/result", ResultAsync).WithName("DownloadScoringResult").WithSummary("Download the predictions, streamed, with the input's key columns beside them.");
        group.MapGet("/{jobId:guid}/rejects", RejectsAsync).WithName("DownloadScoringRejects").WithSummary("Download the rows that could not be scored (CSV: row, line, field, reason).");
        group.MapPost("/{jobId:guid}/cancel", CancelAsync).WithName("CancelScoring").WithSummary("Stop a queued or running job; its partial output is deleted.");
        return api;
    }

    private static async Task<Created<ScoringJobResponse>> StartAsync(
        Guid projectId,
        IFormFile file,
        ScoringService scoring,
        IOptions<AugurOptions> options,
        ClaimsPrincipal user,
        CancellationToken cancellationToken,
        [FromForm] string? model = null,
        [FromForm] string? version = null,
        [FromForm] string? format = null,
        [FromForm] string? keep = null)
    {
        if (file.Length == 0)
        {
            throw new PlatformValidationException("file", $"{file.FileName}: the file is empty.");
        }

        UploadLimit.Check(options.Value, file.Length, $"{file.FileName}: the file is");

        await using var content = file.OpenReadStream();
        var request = new StartScoringRequest(model, version, format, keep is null ? null : [keep]);
        var job = await scoring.StartAsync(user.ToCaller(), projectId, request, file.FileName, content, cancellationToken);
        return TypedResults.Created($"/api/v1/projects/{projectId}/scoring/{job.Id}", ScoringJobResponse.From(job));
    }

    private static async Task<Ok<Page<ScoringJobResponse>>> ListAsync(Guid projectId, ScoringService scoring, ClaimsPrincipal user, CancellationToken cancellationToken, int offset = 0, int limit = PageRequest.DefaultLimit) =>
        TypedResults.Ok((await scoring.ListAsync(user.ToCaller(), projectId, new PageRequest(offset, limit), cancellationToken)).Map(ScoringJobResponse.From));

    private static async Task<Ok<ScoringJobResponse>> GetAsync(Guid projectId, Guid jobId, ScoringService scoring, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(ScoringJobResponse.From(await scoring.GetAsync(user.ToCaller(), projectId, jobId, cancellationToken)));

    private static async Task<FileStreamHttpResult> ResultAsync(Guid projectId, Guid jobId, ScoringService scoring, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (job, content) = await scoring.OpenResultAsync(user.ToCaller(), projectId, jobId, cancellationToken);
        return TypedResults.File(content, job.Format.ContentType(), job.ResultFileName);
    }

    private static async Task<FileStreamHttpResult> RejectsAsync(Guid projectId, Guid jobId, ScoringService scoring, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var (job, content) = await scoring.OpenRejectsAsync(user.ToCaller(), projectId, jobId, cancellationToken);
        return TypedResults.File(content, "text/csv", $"{Path.GetFileNameWithoutExtension(job.InputFileName)}-rejects.csv");
    }

    private static async Task<Ok<ScoringJobResponse>> CancelAsync(Guid projectId, Guid jobId, ScoringService scoring, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(ScoringJobResponse.From(await scoring.CancelAsync(user.ToCaller(), projectId, jobId, cancellationToken)));
}
