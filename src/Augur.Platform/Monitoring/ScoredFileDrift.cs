using System.Collections.Concurrent;

namespace Augur.Platform.Monitoring;

/// <summary>
/// The drift reports of scored files this node has computed: a job's input and model version never change, so its
/// report is read from its file once. At most <see cref="Capacity"/> are kept; past it the cache starts afresh.
/// </summary>
public sealed class ScoredFileDrift
{
    public const int Capacity = 500;

    private readonly ConcurrentDictionary<Guid, DriftReport> _reports = new();

    public DriftReport? TryGet(Guid jobId) => _reports.TryGetValue(jobId, out var report) ? report : null;

    public void Add(Guid jobId, DriftReport report)
    {
        if (_reports.Count >= Capacity)
        {
            _reports.Clear();
        }

        _reports[jobId] = report;
    }
}
