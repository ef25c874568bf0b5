using System.Collections.Concurrent;

namespace Augur.Platform.Monitoring;

/// <summary>
/// Figures this node computed once that never change, by the id they belong to: a scored file's drift report (its
/// input and model version are fixed), what a version answered on its training data. At most <see cref="Capacity"/>
/// are kept; past it the memory starts afresh. One singleton per kind of figure.
/// </summary>
public sealed class Remembered<T>
    where T : class
{
    public const int Capacity = 500;

    private readonly ConcurrentDictionary<Guid, T> _figures = new();

    public T? TryGet(Guid id) => _figures.TryGetValue(id, out var figure) ? figure : null;

    public void Add(Guid id, T figure)
    {
        if (_figures.Count >= Capacity)
        {
            _figures.Clear();
        }

        _figures[id] = figure;
    }
}
