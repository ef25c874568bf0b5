using System.Globalization;
using System.Security.Claims;
using System.Text;
using Augur.Platform.Audit;
using Augur.Platform.Projects;
using Augur.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Augur.Web.Audit;

public sealed record AuditEntryResponse(long Sequence, DateTime At, Guid? UserId, string? UserName, Guid? KeyId, string? Ip, string Action, Guid? ProjectId, string? ObjectType, string? ObjectId, string? Detail, string Hash)
{
    public static AuditEntryResponse From(AuditEntry e) => new(e.Sequence, e.At, e.UserId, e.UserName, e.KeyId, e.Ip, e.Action, e.ProjectId, e.ObjectType, e.ObjectId, e.Detail, e.Hash);
}

/// <summary>The audit trail: per project for its owners (list and CSV export), all of it and its verification for the admin.</summary>
public static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        var project = api.MapGroup("/projects/{projectId:guid}/audit").WithTags("Audit");
        project.MapGet("/", ListForProjectAsync).WithName("ListProjectAudit").WithSummary("The project's audit entries, newest first; filter by action prefix, user and time (owners only).");
        project.MapGet("/export", ExportAsync).WithName("ExportProjectAudit").WithSummary("The project's audit entries as CSV (owners only).");

        var all = api.MapGroup("/audit").WithTags("Audit").RequireAuthorization(Policies.Admin);
        all.MapGet("/", ListAllAsync).WithName("ListAudit").WithSummary("Every audit entry, newest first (admin only).");
        all.MapGet("/verify", VerifyAsync).WithName("VerifyAudit").WithSummary("Recompute the hash chain and report the first entry that was changed, if any (admin only).");
        return api;
    }

    private static async Task<Ok<List<AuditEntryResponse>>> ListForProjectAsync(
        Guid projectId, AuditLog audit, ProjectService projects, ClaimsPrincipal user, CancellationToken cancellationToken,
        string? action = null, string? userName = null, DateTime? from = null, DateTime? to = null, int take = 500) =>
        TypedResults.Ok((await audit.ListForProjectAsync(user.ToCaller(), projects, projectId, Filter(action, userName, from, to, take), cancellationToken)).Select(AuditEntryResponse.From).ToList());

    private static async Task<FileContentHttpResult> ExportAsync(
        Guid projectId, AuditLog audit, ProjectService projects, ClaimsPrincipal user, CancellationToken cancellationToken,
        string? action = null, string? userName = null, DateTime? from = null, DateTime? to = null) =>
        TypedResults.File(
            ToCsv(await audit.ListForProjectAsync(user.ToCaller(), projects, projectId, Filter(action, userName, from, to, 10_000), cancellationToken)),
            "text/csv; charset=utf-8",
            $"audit-{projectId}.csv");

    private static async Task<Ok<List<AuditEntryResponse>>> ListAllAsync(
        AuditLog audit, ClaimsPrincipal user, CancellationToken cancellationToken,
        string? action = null, string? userName = null, DateTime? from = null, DateTime? to = null, int take = 500) =>
        TypedResults.Ok((await audit.ListAllAsync(user.ToCaller(), Filter(action, userName, from, to, take), cancellationToken)).Select(AuditEntryResponse.From).ToList());

    private static async Task<Ok<AuditVerification>> VerifyAsync(AuditLog audit, CancellationToken cancellationToken) =>
        TypedResults.Ok(await audit.VerifyAsync(cancellationToken));

    private static AuditFilter Filter(string? action, string? userName, DateTime? from, DateTime? to, int take) =>
        new(action, userName, from?.ToUniversalTime(), to?.ToUniversalTime(), take);

    public static byte[] ToCsv(IEnumerable<AuditEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var csv = new StringBuilder("sequence,at,user,key,ip,action,object_type,object_id,detail,hash\r\n");
        foreach (var e in entries)
        {
            string?[] cells =
            [
                e.Sequence.ToString(CultureInfo.InvariantCulture),
                e.At.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                e.UserName,
                e.KeyId?.ToString(),
                e.Ip,
                e.Action,
                e.ObjectType,
                e.ObjectId,
                e.Detail,
                e.Hash,
            ];
            csv.Append(string.Join(',', cells.Select(CsvCell.Write))).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }
}
