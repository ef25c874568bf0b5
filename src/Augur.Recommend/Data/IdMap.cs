namespace Augur.Recommend.Data;

/// <summary>
/// Dense integer indices for string ids. Indices follow the ids' natural order (numerically when every id is a
/// number), so "ties go to the smaller item id" is "ties go to the smaller index".
/// </summary>
public sealed class IdMap
{
    private readonly Dictionary<string, int> _index;

    public IdMap(IReadOnlyList<string> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        Ids = ids;
        _index = new Dictionary<string, int>(ids.Count, StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            _index.Add(ids[i], i);
        }
    }

    public IReadOnlyList<string> Ids { get; }

    public int Count => Ids.Count;

    public int IndexOf(string id) => _index.TryGetValue(id, out var index) ? index : -1;

    public static IdMap Build(IEnumerable<string> ids)
    {
        var distinct = ids.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.All(id => long.TryParse(id, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out _)))
        {
            distinct.Sort((a, b) => long.Parse(a, System.Globalization.CultureInfo.InvariantCulture).CompareTo(long.Parse(b, System.Globalization.CultureInfo.InvariantCulture)));
        }
        else
        {
            distinct.Sort(StringComparer.Ordinal);
        }

        return new IdMap(distinct);
    }
}
