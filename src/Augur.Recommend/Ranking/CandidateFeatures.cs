using Augur.Recommend.Data;
using Augur.Recommend.Models;

namespace Augur.Recommend.Ranking;

/// <summary>
/// The first stage and the features the ranker sees. Candidates are the union of each generator's top N
/// unseen items. Per candidate: each generator's score and rank, the item's popularity and recent popularity,
/// the days since anyone touched the item, the days since the user's last event, the user's history length and,
/// with an item catalogue, the item's price and the user's affinity to its category (the share of the user's
/// interaction weight that went to that category). Without a catalogue those two are missing (NaN).
/// </summary>
public sealed class CandidateFeatures
{
    private readonly Recommender[] _generators;
    private readonly float[] _recent;
    private readonly long[] _itemLast;
    private readonly InteractionMatrix _train;
    private readonly float[]? _prices;
    private readonly int[]? _categories;

    public CandidateFeatures(InteractionMatrix train, Recommender[] generators, ItemAttributes? catalogue = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(generators);
        _train = train;
        _generators = generators;
        if (catalogue is not null)
        {
            (_prices, _categories) = catalogue.AlignTo(train.Items);
        }

        _recent = new float[train.ItemCount];
        _itemLast = new long[train.ItemCount];
        for (var p = 0; p < train.NonZeros; p++)
        {
            var item = train.Cols[p];
            _recent[item] += train.Values[p] * (float)Math.Pow(2, -(train.MaxTime - train.Times[p]) / (14 * 86_400.0));
            _itemLast[item] = Math.Max(_itemLast[item], train.Times[p]);
        }
    }

    public int PerGenerator { get; init; } = 30;

    /// <summary>Candidates for a known user, each with its feature vector.</summary>
    public List<(int Item, float[] Features)> For(int user)
    {
        var n = _train.ItemCount;
        var scores = new float[_generators.Length][];
        var ranks = new Dictionary<int, int[]>();
        for (var g = 0; g < _generators.Length; g++)
        {
            scores[g] = new float[n];
            _generators[g].Score(user, scores[g]);
            var masked = (float[])scores[g].Clone();
            foreach (var seen in _train.ItemsOf(user))
            {
                masked[seen] = float.NegativeInfinity;
            }

            var top = TopK.Select(masked, PerGenerator);
            for (var r = 0; r < top.Length; r++)
            {
                if (!ranks.TryGetValue(top[r].Item, out var itemRanks))
                {
                    ranks[top[r].Item] = itemRanks = Enumerable.Repeat(PerGenerator + 1, _generators.Length).ToArray();
                }

                itemRanks[g] = r + 1;
            }
        }

        var times = _train.TimesOf(user);
        var userIdle = times.Length == 0 ? 0 : (_train.MaxTime - Max(times)) / 86_400f;
        var history = MathF.Log(1 + _train.ItemsOf(user).Length);
        var affinity = CategoryShares(user);
        var result = new List<(int, float[])>(ranks.Count);
        foreach (var (item, itemRanks) in ranks.OrderBy(r => r.Key))
        {
            var f = new float[RankRow.FeatureCount];
            for (var g = 0; g < _generators.Length && g < 3; g++)
            {
                f[2 * g] = scores[g][item];
                f[(2 * g) + 1] = itemRanks[g];
            }

            f[6] = MathF.Log(1 + _generators[0].Popularity[item]);
            f[7] = MathF.Log(1 + _recent[item]);
            f[8] = (_train.MaxTime - _itemLast[item]) / 86_400f;
            f[9] = userIdle;
            f[10] = history;
            f[11] = _prices is null ? float.NaN : _prices[item];
            f[12] = affinity is null ? float.NaN : _categories![item] < 0 ? float.NaN : affinity.GetValueOrDefault(_categories[item]);
            result.Add((item, f));
        }

        return result;
    }

    /// <summary>The share of the user's interaction weight per category, or null without a catalogue.</summary>
    private Dictionary<int, float>? CategoryShares(int user)
    {
        if (_categories is null)
        {
            return null;
        }

        var shares = new Dictionary<int, float>();
        var items = _train.ItemsOf(user);
        var weights = _train.ValuesOf(user);
        var total = 0f;
        for (var j = 0; j < items.Length; j++)
        {
            total += weights[j];
            if (_categories[items[j]] is var c and >= 0)
            {
                shares[c] = shares.GetValueOrDefault(c) + weights[j];
            }
        }

        foreach (var c in shares.Keys.ToArray())
        {
            shares[c] /= total;
        }

        return shares;
    }

    private static long Max(ReadOnlySpan<long> values)
    {
        var max = long.MinValue;
        foreach (var v in values)
        {
            max = Math.Max(max, v);
        }

        return max;
    }
}
