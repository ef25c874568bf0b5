namespace Augur.Recommend.Data;

/// <summary>Raw interactions as read: one entry per event, ids still strings. Times are Unix seconds (0 when unknown).</summary>
public sealed class InteractionLog
{
    private readonly List<string> _users = [];
    private readonly List<string> _items = [];
    private readonly List<long> _times = [];
    private readonly List<float> _weights = [];

    public int Count => _users.Count;

    public IReadOnlyList<string> Users => _users;

    public IReadOnlyList<string> Items => _items;

    public IReadOnlyList<long> Times => _times;

    public IReadOnlyList<float> Weights => _weights;

    public void Add(string user, string item, long time = 0, float weight = 1f)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(item);
        _users.Add(user);
        _items.Add(item);
        _times.Add(time);
        _weights.Add(weight);
    }

    /// <summary>The rows whose index passes <paramref name="keep"/>, as a new log.</summary>
    public InteractionLog Where(Func<int, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        var result = new InteractionLog();
        for (var i = 0; i < Count; i++)
        {
            if (keep(i))
            {
                result.Add(_users[i], _items[i], _times[i], _weights[i]);
            }
        }

        return result;
    }
}
