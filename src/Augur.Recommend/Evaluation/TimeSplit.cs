using Augur.Recommend.Data;

namespace Augur.Recommend.Evaluation;

/// <summary>
/// Global time splits: every event before the cut trains, every event from it on tests. One cut for all users,
/// so no model ever learns from the future of the period it is judged on.
/// </summary>
public static class TimeSplit
{
    public static (InteractionLog Train, InteractionLog Test) At(InteractionLog log, long cut)
    {
        ArgumentNullException.ThrowIfNull(log);
        return (log.Where(i => log.Times[i] < cut), log.Where(i => log.Times[i] >= cut));
    }

    /// <summary>The cut that leaves <paramref name="trainFraction"/> of the events before it (e.g. 0.9 for 90/10).</summary>
    public static long Quantile(InteractionLog log, double trainFraction)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(trainFraction, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(trainFraction, 1);
        if (log.Count == 0)
        {
            return 0;
        }

        var times = log.Times.ToArray();
        Array.Sort(times);
        return times[Math.Min(times.Length - 1, (int)(times.Length * trainFraction))];
    }

    public static (InteractionLog Train, InteractionLog Test) ByFraction(InteractionLog log, double trainFraction) =>
        At(log, Quantile(log, trainFraction));
}
