namespace Augur.Recommend.Models;

public enum SarSimilarity
{
    Jaccard,
    Lift,
    Cooccurrence,
}

/// <summary>
/// SAR (Smart Adaptive Recommendations): item-item similarity from co-occurrence (Jaccard, lift or raw counts),
/// and user affinity = weight × 2^(−age / half-life). A user's score is affinity · similarity. Each item keeps
/// its <see cref="Neighbours"/> most similar items, so memory grows with n × neighbours, not n².
/// </summary>
public sealed class SarRecommender : Recommender
{
    private int[] _simPtr = [];
    private int[] _simItems = [];
    private float[] _simValues = [];

    public override string Name => "sar";

    public SarSimilarity Similarity { get; set; } = SarSimilarity.Jaccard;

    /// <summary>Zero switches time decay off.</summary>
    public TimeSpan HalfLife { get; set; } = TimeSpan.FromDays(30);

    public int Neighbours { get; init; } = 1000;

    protected override void FitCore(CancellationToken cancellationToken)
    {
        var n = Train.ItemCount;
        var (colPtr, colRows, _) = Train.Transpose();
        var lists = new (int[] Items, float[] Values)[n];
        Parallel.For(0, n, new ParallelOptions { CancellationToken = cancellationToken }, () => new float[n], (i, _, counts) =>
        {
            ItemSimilarity.CoCounts(Train, colPtr, colRows, i, counts);
            var self = counts[i];
            var kept = new List<(int Item, float Value)>();
            for (var j = 0; j < n; j++)
            {
                if (counts[j] <= 0 || j == i)
                {
                    continue;
                }

                var other = colPtr[j + 1] - colPtr[j];
                var value = Similarity switch
                {
                    SarSimilarity.Jaccard => counts[j] / (self + other - counts[j]),
                    SarSimilarity.Lift => counts[j] / (self * other),
                    _ => counts[j],
                };
                kept.Add((j, value));
            }

            if (kept.Count > Neighbours)
            {
                kept.Sort((a, b) => b.Value.CompareTo(a.Value));
                kept.RemoveRange(Neighbours, kept.Count - Neighbours);
                kept.Sort((a, b) => a.Item.CompareTo(b.Item));
            }

            lists[i] = ([.. kept.Select(k => k.Item)], [.. kept.Select(k => k.Value)]);
            return counts;
        }, _ => { });

        _simPtr = new int[n + 1];
        for (var i = 0; i < n; i++)
        {
            _simPtr[i + 1] = _simPtr[i] + lists[i].Items.Length;
        }

        _simItems = new int[_simPtr[n]];
        _simValues = new float[_simPtr[n]];
        for (var i = 0; i < n; i++)
        {
            lists[i].Items.CopyTo(_simItems, _simPtr[i]);
            lists[i].Values.CopyTo(_simValues, _simPtr[i]);
        }
    }

    private float Affinity(int user, int position)
    {
        var value = Train.ValuesOf(user)[position];
        if (HalfLife <= TimeSpan.Zero)
        {
            return value;
        }

        var age = Train.MaxTime - Train.TimesOf(user)[position];
        return value * (float)Math.Pow(2, -age / HalfLife.TotalSeconds);
    }

    protected override void ScoreUser(int user, Span<float> scores)
    {
        scores.Clear();
        var items = Train.ItemsOf(user);
        for (var h = 0; h < items.Length; h++)
        {
            var a = Affinity(user, h);
            var i = items[h];
            for (var p = _simPtr[i]; p < _simPtr[i + 1]; p++)
            {
                scores[_simItems[p]] += a * _simValues[p];
            }
        }
    }

    private float Sim(int a, int b)
    {
        var p = Array.BinarySearch(_simItems, _simPtr[a], _simPtr[a + 1] - _simPtr[a], b);
        return p >= 0 ? _simValues[p] : 0f;
    }

    public override string Reason(int user, int item) => BecauseOf(user, item, Sim, "bought together with");

    protected override void ScoreSimilar(int item, Span<float> scores)
    {
        scores.Clear();
        for (var p = _simPtr[item]; p < _simPtr[item + 1]; p++)
        {
            scores[_simItems[p]] = _simValues[p];
        }
    }

    internal override void WriteState(BinaryWriter writer)
    {
        writer.Write((int)Similarity);
        writer.Write(HalfLife.Ticks);
        BinaryState.Write(writer, _simPtr);
        BinaryState.Write(writer, _simItems);
        BinaryState.Write(writer, _simValues);
    }

    internal override void ReadState(BinaryReader reader)
    {
        Similarity = (SarSimilarity)reader.ReadInt32();
        HalfLife = TimeSpan.FromTicks(reader.ReadInt64());
        _simPtr = BinaryState.ReadInts(reader);
        _simItems = BinaryState.ReadInts(reader);
        _simValues = BinaryState.ReadFloats(reader);
    }
}
