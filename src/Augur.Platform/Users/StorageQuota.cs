using Augur.Platform.Configuration;
using Augur.Platform.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Augur.Platform.Users;

/// <summary>
/// The storage quota of each user: the raw uploads and model bundles of the projects they own. Checked before a
/// new file is kept, so one person's exports cannot fill the disk that everybody's projects share.
/// </summary>
public sealed class StorageQuota(AugurDbContext db, IOptions<AugurOptions> options)
{
    public async Task<long> UsedByAsync(Guid ownerId, CancellationToken cancellationToken)
    {
        var projects = db.Projects.Where(p => p.OwnerId == ownerId).Select(p => p.Id);
        var datasets = await db.Datasets.Where(d => projects.Contains(d.ProjectId)).SumAsync(d => (long?)d.SourceBytes, cancellationToken) ?? 0;
        var bundles = await db.ModelVersions
            .Where(v => db.Models.Any(m => m.Id == v.ModelId && projects.Contains(m.ProjectId)))
            .SumAsync(v => (long?)v.BundleBytes, cancellationToken) ?? 0;
        return datasets + bundles;
    }

    /// <summary>Throws a validation error that says how much is used when <paramref name="incomingBytes"/> more would not fit.</summary>
    public async Task EnsureRoomAsync(Guid ownerId, long incomingBytes, string field, CancellationToken cancellationToken)
    {
        var quota = options.Value.StorageQuotaPerUserBytes;
        if (quota <= 0)
        {
            return;
        }

        var used = await UsedByAsync(ownerId, cancellationToken);
        if (used + incomingBytes > quota)
        {
            throw new PlatformValidationException(field,
                $"This would go over the storage quota of the project's owner: {Megabytes(used)} of {Megabytes(quota)} are used and this file needs {Megabytes(incomingBytes)}. Ask the admin for a larger quota (Augur:StorageQuotaPerUserBytes).");
        }
    }

    private static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024.0):0.#} MB";
}
