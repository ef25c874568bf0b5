namespace Augur.Recommend.Models;

/// <summary>
/// EASE (Steck 2019): a closed-form item-item model. With G = XᵀX + λI and P = G⁻¹, the weights are
/// B = −P / diag(P) with a zero diagonal, and a user's scores are x_u · B. It needs an n × n inverse, so it is
/// only offered up to <see cref="MaxItems"/> items.
/// </summary>
public sealed class EaseRecommender : Recommender
{
    public const int MaxItems = 6_000;

    private float[] _weights = [];

    public override string Name => "ease";

    public double Lambda { get; set; } = 500;

    protected override void FitCore(CancellationToken cancellationToken)
    {
        var n = Train.ItemCount;
        if (n > MaxItems)
        {
            throw new InvalidOperationException($"EASE needs an {n} × {n} inverse; it is offered up to {MaxItems} items. Use sar or als.");
        }

        var (colPtr, colRows, _) = Train.Transpose();
        var gram = new double[n][];
        Parallel.For(0, n, new ParallelOptions { CancellationToken = cancellationToken }, () => new float[n], (i, _, counts) =>
        {
            ItemSimilarity.CoCounts(Train, colPtr, colRows, i, counts);
            var row = new double[n];
            for (var j = 0; j < n; j++)
            {
                row[j] = counts[j];
            }

            row[i] += Lambda;
            gram[i] = row;
            return counts;
        }, _ => { });

        var p = DenseMath.InvertSpd(gram, cancellationToken);
        _weights = new float[n * n];
        Parallel.For(0, n, i =>
        {
            for (var j = 0; j < n; j++)
            {
                _weights[(i * n) + j] = i == j ? 0f : (float)(-p[i][j] / p[j][j]);
            }
        });
    }

    private ReadOnlySpan<float> Row(int item) => _weights.AsSpan(item * Train.ItemCount, Train.ItemCount);

    protected override void ScoreUser(int user, Span<float> scores)
    {
        scores.Clear();
        foreach (var item in Train.ItemsOf(user))
        {
            DenseMath.AddScaled(scores, 1f, Row(item));
        }
    }

    public override string Reason(int user, int item) => BecauseOf(user, item, (h, i) => Row(h)[i], "goes with");

    protected override void ScoreSimilar(int item, Span<float> scores) => Row(item).CopyTo(scores);

    internal override void WriteState(BinaryWriter writer)
    {
        writer.Write(Lambda);
        BinaryState.Write(writer, _weights);
    }

    internal override void ReadState(BinaryReader reader)
    {
        Lambda = reader.ReadDouble();
        _weights = BinaryState.ReadFloats(reader);
    }
}
