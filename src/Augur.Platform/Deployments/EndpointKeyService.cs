using System.Security.Cryptography;
using Augur.Platform.ApiKeys;
using Augur.Platform.Audit;
using Augur.Platform.Database;
using Augur.Platform.Projects;
using Microsoft.EntityFrameworkCore;

namespace Augur.Platform.Deployments;

/// <summary>Creates, lists, revokes and checks endpoint keys ("augur_ep_" + 43 characters). Editors manage them.</summary>
public sealed class EndpointKeyService(AugurDbContext db, ProjectService projects, AuditLog audit, EndpointKeyCache cache, TimeProvider clock)
{
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public async Task<CreatedEndpointKey> CreateAsync(Caller caller, Guid projectId, string name, string? endpoint, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Editor, cancellationToken);
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length is 0 or > 100)
        {
            throw new PlatformValidationException("name", "A key needs a name of 1 to 100 characters, such as 'web shop'.");
        }

        Guid? deploymentId = null;
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            deploymentId = await db.Deployments.Where(d => d.ProjectId == projectId && d.Name == endpoint).Select(d => (Guid?)d.Id).SingleOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException("endpoint", endpoint);
        }

        var secret = EndpointKey.SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var key = EndpointKey.Create(projectId, deploymentId, trimmed, secret[..17], ApiKeyService.HashOf(secret), caller.UserId, clock.GetUtcNow().UtcDateTime);
        db.EndpointKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(caller, "endpoint.key.create", projectId, "endpointKey", key.Id.ToString(), $"{key.Name} ({key.Prefix}…, {endpoint ?? "every endpoint"})", cancellationToken);
        return new CreatedEndpointKey(key, endpoint, secret);
    }

    public async Task<IReadOnlyList<(EndpointKey Key, string? Endpoint)>> ListAsync(Caller caller, Guid projectId, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Editor, cancellationToken);
        var rows = await db.EndpointKeys.AsNoTracking().Where(k => k.ProjectId == projectId)
            .OrderByDescending(k => k.CreatedAt)
            .Select(k => new { Key = k, Endpoint = db.Deployments.Where(d => d.Id == k.DeploymentId).Select(d => d.Name).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => (r.Key, r.Endpoint))];
    }

    public async Task RevokeAsync(Caller caller, Guid projectId, Guid keyId, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Editor, cancellationToken);
        var key = await db.EndpointKeys.SingleOrDefaultAsync(k => k.Id == keyId && k.ProjectId == projectId, cancellationToken)
            ?? throw new NotFoundException("endpoint key", keyId);
        key.Revoke(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        cache.Forget(key.Hash);
        await audit.RecordAsync(caller, "endpoint.key.revoke", projectId, "endpointKey", key.Id.ToString(), key.Name, cancellationToken);
    }

    public static bool LooksLikeEndpointKey(string presented) => presented.StartsWith(EndpointKey.SecretPrefix, StringComparison.Ordinal);

    /// <summary>The identity of an active endpoint key, or null. Cached per node; last use is written at most once a minute.</summary>
    public async Task<EndpointKeyIdentity?> AuthenticateAsync(string presented, CancellationToken cancellationToken)
    {
        if (!LooksLikeEndpointKey(presented) || presented.Length > 200)
        {
            return null;
        }

        var hash = ApiKeyService.HashOf(presented);
        if (cache.TryGet(hash, out var cached))
        {
            return cached;
        }

        var key = await db.EndpointKeys.SingleOrDefaultAsync(k => k.Hash == hash, cancellationToken);
        var identity = key is { IsActive: true } ? new EndpointKeyIdentity(key.Id, key.ProjectId, key.DeploymentId) : null;
        var now = clock.GetUtcNow().UtcDateTime;
        if (key is { IsActive: true } && (key.LastUsedAt is null || now - key.LastUsedAt >= LastUsedResolution))
        {
            key.MarkUsed(now);
            await db.SaveChangesAsync(cancellationToken);
        }

        cache.Set(hash, identity);
        return identity;
    }
}
