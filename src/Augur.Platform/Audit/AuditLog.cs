using Augur.Platform.Database;
using Augur.Platform.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Augur.Platform.Audit;

/// <summary>
/// Appends to the hash-chained audit log, verifies the chain and reads it back. Nothing here updates or deletes
/// an entry. Appends are serialised in-process by a lock and across nodes by the primary key on the sequence number:
/// a node that loses the race reads the new tail and tries again.
/// </summary>
public sealed class AuditLog(AugurDbContext db, TimeProvider clock, ILogger<AuditLog> logger)
{
    private static readonly SemaphoreSlim AppendLock = new(1, 1);

    public async Task RecordAsync(Caller? caller, string action, Guid? projectId, string? objectType, string? objectId, string? detail, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        await AppendLock.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var last = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence)
                    .Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(cancellationToken);
                var entry = AuditEntry.Create(
                    (last?.Sequence ?? 0) + 1,
                    AuditChain.Truncate(clock.GetUtcNow().UtcDateTime),
                    caller,
                    action,
                    projectId,
                    objectType,
                    objectId,
                    detail,
                    last?.Hash ?? AuditChain.Genesis);
                db.AuditEntries.Add(entry);
                try
                {
                    await db.SaveChangesAsync(cancellationToken);
                    return;
                }
                catch (DbUpdateException ex) when (attempt < 5)
                {
                    // Another node appended the same sequence number first; read the new tail and chain onto it.
                    db.Entry(entry).State = EntityState.Detached;
                    logger.LogDebug(ex, "Audit append raced at {Sequence}; retrying", entry.Sequence);
                }
            }
        }
        finally
        {
            AppendLock.Release();
        }
    }

    /// <summary>Recomputes every hash in order; any edited, removed or reordered entry makes the chain fail.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var previous = AuditChain.Genesis;
        long expected = 1;
        long count = 0;
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            count++;
            if (entry.Sequence != expected)
            {
                return new AuditVerification(false, count, entry.Sequence, $"Entry {expected} is missing.");
            }

            if (entry.PreviousHash != previous)
            {
                return new AuditVerification(false, count, entry.Sequence, $"Entry {entry.Sequence} does not chain to entry {entry.Sequence - 1}.");
            }

            if (AuditChain.ComputeHash(entry) != entry.Hash)
            {
                return new AuditVerification(false, count, entry.Sequence, $"Entry {entry.Sequence} was changed after it was written.");
            }

            previous = entry.Hash;
            expected++;
        }

        return new AuditVerification(true, count, null, null);
    }

    /// <summary>A project's entries, newest first, filtered; owners (and the admin) only.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListForProjectAsync(Caller caller, ProjectService projects, Guid projectId, AuditFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(projects);
        ArgumentNullException.ThrowIfNull(filter);
        await projects.RequireAsync(caller, projectId, ProjectRole.Owner, cancellationToken);
        return await Filter(db.AuditEntries.AsNoTracking().Where(e => e.ProjectId == projectId), filter).ToListAsync(cancellationToken);
    }

    /// <summary>Every entry, newest first, filtered; the system admin only.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAllAsync(Caller caller, AuditFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(filter);
        if (!caller.IsAdmin || !caller.KeyAllows(ApiKeys.ApiKeyScope.Admin))
        {
            throw new ForbiddenException("Only the system admin can read the whole audit log.");
        }

        return await Filter(db.AuditEntries.AsNoTracking(), filter).ToListAsync(cancellationToken);
    }

    private static IQueryable<AuditEntry> Filter(IQueryable<AuditEntry> query, AuditFilter filter)
    {
        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            query = query.Where(e => e.Action.StartsWith(filter.Action));
        }

        if (!string.IsNullOrWhiteSpace(filter.UserName))
        {
            query = query.Where(e => e.UserName == filter.UserName);
        }

        if (filter.From is { } from)
        {
            query = query.Where(e => e.At >= from);
        }

        if (filter.To is { } to)
        {
            query = query.Where(e => e.At < to);
        }

        return query.OrderByDescending(e => e.Sequence).Take(Math.Clamp(filter.Take, 1, 10_000));
    }
}
