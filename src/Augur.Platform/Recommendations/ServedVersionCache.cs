using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Augur.Platform.Recommendations;

/// <summary>
/// Which version each project serves, trusted for Recommendations:ServingRefresh so that a recommendation request
/// does not query the database. Whatever changes the answer on this node (a new version, a batch, an alias) calls
/// <see cref="Forget"/>; other nodes see the change within the refresh time.
/// </summary>
public sealed class ServedVersionCache(TimeProvider clock, IOptions<RecommendationsOptions> options)
{
    private readonly ConcurrentDictionary<Guid, (ServedVersion Served, long CheckedAt)> _byProject = new();

    public bool TryGet(Guid projectId, out ServedVersion? served)
    {
        if (_byProject.TryGetValue(projectId, out var entry) && clock.GetElapsedTime(entry.CheckedAt) < options.Value.ServingRefresh)
        {
            served = entry.Served;
            return true;
        }

        served = null;
        return false;
    }

    public void Set(Guid projectId, ServedVersion served) => _byProject[projectId] = (served, clock.GetTimestamp());

    public void Forget(Guid projectId) => _byProject.TryRemove(projectId, out _);
}
