namespace Augur.Platform.Deployments;

/// <summary>
/// In-memory counters of one endpoint target on this node: totals, the latencies of the last requests (for p50/p99),
/// and per-second buckets over the rollback window (for the sliding error rate).
/// </summary>
public sealed class TargetStats(TimeSpan window)
{
    private const int LatencySamples = 4096;

    // One lock for all fields: updates are a few integer writes, far cheaper than the prediction they count.
    private readonly Lock _lock = new();
    private readonly double[] _latencies = new double[LatencySamples];
    private readonly int _seconds = Math.Max(1, (int)Math.Ceiling(window.TotalSeconds));
    private readonly Dictionary<long, (int Requests, int Errors)> _buckets = [];
    private int _latencyCount;
    private long _requests;
    private long _errors;
    private long _rowErrors;

    /// <summary>Counts one request. <paramref name="failed"/> is the server's or model's fault; callers' bad rows are <paramref name="badRows"/>.</summary>
    public void Record(DateTimeOffset now, double latencyMs, bool failed, int badRows)
    {
        var second = now.ToUnixTimeSeconds();
        lock (_lock)
        {
            _requests++;
            _rowErrors += badRows;
            if (failed)
            {
                _errors++;
            }
            else
            {
                _latencies[_latencyCount++ % LatencySamples] = latencyMs;
            }

            var bucket = _buckets.GetValueOrDefault(second);
            _buckets[second] = (bucket.Requests + 1, bucket.Errors + (failed ? 1 : 0));
            if (_buckets.Count > _seconds * 2)
            {
                foreach (var old in _buckets.Keys.Where(k => k <= second - _seconds).ToList())
                {
                    _buckets.Remove(old);
                }
            }
        }
    }

    /// <summary>Requests and errors in the window that ends now.</summary>
    public (int Requests, int Errors) Window(DateTimeOffset now)
    {
        var from = now.ToUnixTimeSeconds() - _seconds;
        lock (_lock)
        {
            var requests = 0;
            var errors = 0;
            foreach (var (second, bucket) in _buckets)
            {
                if (second > from)
                {
                    requests += bucket.Requests;
                    errors += bucket.Errors;
                }
            }

            return (requests, errors);
        }
    }

    /// <summary>Forgets the window, after a rollback, so the target is judged afresh if it comes back.</summary>
    public void ResetWindow()
    {
        lock (_lock)
        {
            _buckets.Clear();
        }
    }

    public TargetSnapshot Snapshot(string version)
    {
        double[] latencies;
        long requests, errors, rowErrors;
        lock (_lock)
        {
            latencies = _latencies[..Math.Min(_latencyCount, LatencySamples)];
            requests = _requests;
            errors = _errors;
            rowErrors = _rowErrors;
        }

        Array.Sort(latencies);
        return new TargetSnapshot(version, requests, errors, rowErrors, Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    private static double? Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? null : Math.Round(sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)], 3);
}
