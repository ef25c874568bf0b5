using System.Collections.Concurrent;
using Augur.Platform.Configuration;
using Microsoft.Extensions.Options;

namespace Augur.Platform.Deployments;

/// <summary>
/// This node's live counters per endpoint and target ("champion", "v3"), plus the prediction log's and shadow queue's
/// dropped counts. In memory only: each node reports its own traffic.
/// </summary>
public sealed class ServingStats(IOptions<AugurOptions> options)
{
    private readonly ConcurrentDictionary<(Guid Deployment, string Version), TargetStats> _targets = new();
    private long _logged;
    private long _logDropped;
    private long _logFailed;
    private long _shadowDropped;

    public TargetStats For(Guid deploymentId, string version) =>
        _targets.GetOrAdd((deploymentId, version), _ => new TargetStats(options.Value.Serving.RollbackWindow));

    public IReadOnlyList<TargetSnapshot> Snapshot(Guid deploymentId) =>
        [.. _targets.Where(t => t.Key.Deployment == deploymentId).Select(t => t.Value.Snapshot(t.Key.Version)).OrderBy(s => s.Version, StringComparer.Ordinal)];

    public void Forget(Guid deploymentId)
    {
        foreach (var key in _targets.Keys.Where(k => k.Deployment == deploymentId))
        {
            _targets.TryRemove(key, out _);
        }
    }

    public long Logged => Interlocked.Read(ref _logged);

    public long LogDropped => Interlocked.Read(ref _logDropped);

    public long LogFailed => Interlocked.Read(ref _logFailed);

    public long ShadowDropped => Interlocked.Read(ref _shadowDropped);

    internal void CountLogged(int rows) => Interlocked.Add(ref _logged, rows);

    internal void CountLogDropped() => Interlocked.Increment(ref _logDropped);

    internal void CountLogFailed(int rows) => Interlocked.Add(ref _logFailed, rows);

    internal void CountShadowDropped() => Interlocked.Increment(ref _shadowDropped);
}
