namespace Augur.Recommend.Models;

/// <summary>
/// Per-cluster top-k: users are described by which of the most popular items they touched (an L2-normalised
/// vector over the top <see cref="FeatureItems"/> items), grouped by k-means (k-means++ start, fixed seed),
/// and each user gets the most popular items of their cluster.
/// </summary>
public sealed class ClusterPopularityRecommender : Recommender
{
    private int[] _cluster = [];
    private float[] _clusterPopularity = [];

    public override string Name => "cluster-popularity";

    public int Clusters { get; set; } = 8;

    public int FeatureItems { get; set; } = 256;

    public int Iterations { get; set; } = 25;

    public int Seed { get; set; } = 42;

    protected override void FitCore(CancellationToken cancellationToken)
    {
        var n = Train.ItemCount;
        var users = Train.UserCount;
        var d = Math.Min(FeatureItems, n);
        var top = TopK.Select(Popularity, d);
        var column = new int[n];
        Array.Fill(column, -1);
        for (var j = 0; j < top.Length; j++)
        {
            column[top[j].Item] = j;
        }

        var features = new float[users * d];
        for (var u = 0; u < users; u++)
        {
            var row = features.AsSpan(u * d, d);
            foreach (var item in Train.ItemsOf(u))
            {
                if (column[item] >= 0)
                {
                    row[column[item]] = 1f;
                }
            }

            var norm = MathF.Sqrt(DenseMath.Dot(row, row));
            if (norm > 0)
            {
                for (var j = 0; j < d; j++)
                {
                    row[j] /= norm;
                }
            }
        }

        var k = Math.Max(1, Math.Min(Clusters, users));
        var centroids = KMeans.Fit(features, users, d, k, Iterations, Seed, cancellationToken, out _cluster);
        _ = centroids;
        _clusterPopularity = new float[k * n];
        for (var u = 0; u < users; u++)
        {
            var row = _clusterPopularity.AsSpan(_cluster[u] * n, n);
            var items = Train.ItemsOf(u);
            var values = Train.ValuesOf(u);
            for (var p = 0; p < items.Length; p++)
            {
                row[items[p]] += values[p];
            }
        }
    }

    protected override void ScoreUser(int user, Span<float> scores)
    {
        var n = Train.ItemCount;
        _clusterPopularity.AsSpan(_cluster[user] * n, n).CopyTo(scores);
    }

    public override string Reason(int user, int item) => "popular with customers like you";

    internal override void WriteState(BinaryWriter writer)
    {
        BinaryState.Write(writer, _cluster);
        BinaryState.Write(writer, _clusterPopularity);
    }

    internal override void ReadState(BinaryReader reader)
    {
        _cluster = BinaryState.ReadInts(reader);
        _clusterPopularity = BinaryState.ReadFloats(reader);
    }
}
