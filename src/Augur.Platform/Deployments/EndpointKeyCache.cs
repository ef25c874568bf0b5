using System.Collections.Concurrent;
using Augur.Platform.Configuration;
using Microsoft.Extensions.Options;

namespace Augur.Platform.Deployments;

/// <summary>
/// Checked endpoint keys by hash, trusted for Augur:Serving:KeyRefresh so that the hot path does not query the
/// database per request. Revoking on this node takes effect at once; on other nodes within the refresh time.
/// </summary>
public sealed class EndpointKeyCache(TimeProvider clock, IOptions<AugurOptions> options)
{
    private readonly ConcurrentDictionary<string, (EndpointKeyIdentity? Identity, DateTimeOffset CheckedAt)> _byHash = new();

    internal bool TryGet(string hash, out EndpointKeyIdentity? identity)
    {
        if (_byHash.TryGetValue(hash, out var entry) && clock.GetUtcNow() - entry.CheckedAt < options.Value.Serving.KeyRefresh)
        {
            identity = entry.Identity;
            return true;
        }

        identity = null;
        return false;
    }

    internal void Set(string hash, EndpointKeyIdentity? identity)
    {
        // Unknown secrets are remembered too (as null), but the cache cannot be grown without bound by guessing.
        if (_byHash.Count > 100_000)
        {
            _byHash.Clear();
        }

        _byHash[hash] = (identity, clock.GetUtcNow());
    }

    internal void Forget(string hash) => _byHash.TryRemove(hash, out _);
}
