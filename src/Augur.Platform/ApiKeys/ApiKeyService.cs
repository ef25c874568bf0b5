using System.Security.Cryptography;
using System.Text;
using Augur.Platform.Audit;
using Augur.Platform.Database;
using Augur.Platform.Projects;
using Augur.Platform.Users;
using Microsoft.EntityFrameworkCore;

namespace Augur.Platform.ApiKeys;

/// <summary>Creates, lists, revokes and checks personal API keys ("augur_" + 43 characters of base64url).</summary>
public sealed class ApiKeyService(AugurDbContext db, ProjectService projects, AuditLog audit, TimeProvider clock)
{
    public const string KeyPrefix = "augur_";

    /// <summary>Last-used times are written at most this often, so a busy client does not write on every request.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    public async Task<CreatedApiKey> CreateAsync(Caller caller, string name, ApiKeyScope scope, Guid? projectId, DateTime? expiresAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        RequireKeyManagement(caller);
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length is 0 or > 100)
        {
            throw new PlatformValidationException("name", "A key needs a name of 1 to 100 characters, such as 'laptop CLI'.");
        }

        if (!Enum.IsDefined(scope))
        {
            throw new PlatformValidationException("scope", "The scope must be read, write or admin.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (expiresAt is { } expiry && expiry.ToUniversalTime() <= now)
        {
            throw new PlatformValidationException("expiresAt", "The expiry must be in the future.");
        }

        if (projectId is { } id)
        {
            // A key for one project: the caller must at least see it (404 otherwise, as everywhere).
            await projects.RequireAsync(caller, id, ProjectRole.Viewer, cancellationToken);
        }

        var secret = KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = ApiKey.Create(caller.UserId, trimmed, secret[..14], HashOf(secret), scope, projectId, now, expiresAt?.ToUniversalTime());
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(caller, "key.create", projectId, "apiKey", key.Id.ToString(), $"{key.Name} ({key.Prefix}…, {scope.ToString().ToLowerInvariant()})", cancellationToken);
        return new CreatedApiKey(key, secret);
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return await db.ApiKeys.Where(k => k.UserId == caller.UserId).OrderByDescending(k => k.CreatedAt).ToListAsync(cancellationToken);
    }

    /// <summary>Revokes one of the caller's own keys (another user's key is simply not found).</summary>
    public async Task RevokeAsync(Caller caller, Guid keyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == keyId && k.UserId == caller.UserId, cancellationToken)
            ?? throw new NotFoundException("API key", keyId);
        // A key may revoke itself (a leaked key can be killed with itself), but not others unless it has the admin scope.
        if (caller.KeyId != keyId)
        {
            RequireKeyManagement(caller);
        }

        key.Revoke(clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(caller, "key.revoke", key.ProjectId, "apiKey", key.Id.ToString(), key.Name, cancellationToken);
    }

    /// <summary>The active key and its user for a presented secret, or null; records the time of use.</summary>
    public async Task<(ApiKey Key, User User)?> AuthenticateAsync(string presented, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(presented) || !presented.StartsWith(KeyPrefix, StringComparison.Ordinal) || presented.Length > 200)
        {
            return null;
        }

        var hash = HashOf(presented);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Hash == hash, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (key is null || !key.IsActive(now))
        {
            return null;
        }

        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == key.UserId, cancellationToken);
        if (user is null || user.IsLockedOut(now))
        {
            return null;
        }

        if (key.LastUsedAt is null || now - key.LastUsedAt >= LastUsedResolution)
        {
            key.MarkUsed(now);
            await db.SaveChangesAsync(cancellationToken);
        }

        return (key, user);
    }

    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static void RequireKeyManagement(Caller caller)
    {
        if (!caller.KeyAllows(ApiKeyScope.Admin))
        {
            throw new ForbiddenException("Managing API keys needs a dashboard session or a key with the admin scope.");
        }
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
