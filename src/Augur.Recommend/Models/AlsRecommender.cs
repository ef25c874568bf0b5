namespace Augur.Recommend.Models;

/// <summary>
/// Implicit-feedback ALS (Hu, Koren and Volinsky 2008): confidence c = 1 + α·weight on observed cells, preference
/// 1 there and 0 elsewhere. Each half-step solves every user (then every item) with a few conjugate-gradient
/// steps warm-started from the last solution (Takács et al. 2011), so no f × f system is ever factorised.
/// </summary>
public sealed class AlsRecommender : Recommender
{
    private float[] _users = [];
    private float[] _items = [];

    public override string Name => "als";

    public int Factors { get; set; } = 64;

    public int Iterations { get; set; } = 15;

    public float Alpha { get; set; } = 20f;

    public float Regularization { get; set; } = 100f;

    public int ConjugateGradientSteps { get; set; } = 3;

    public int Seed { get; set; } = 42;

    protected override void FitCore(CancellationToken cancellationToken)
    {
        var f = Factors;
        var random = new Random(Seed);
        _users = new float[Train.UserCount * f];
        _items = new float[Train.ItemCount * f];
        for (var i = 0; i < _items.Length; i++)
        {
            _items[i] = (float)(random.NextDouble() * 0.02 - 0.01);
        }

        var (colPtr, colRows, colValues) = Train.Transpose();
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Solve(_users, _items, Train.RowPtr, Train.Cols, Train.Values, cancellationToken);
            Solve(_items, _users, colPtr, colRows, colValues, cancellationToken);
        }
    }

    /// <summary>Updates every row of <paramref name="x"/> given the fixed factors <paramref name="y"/>.</summary>
    private void Solve(float[] x, float[] y, int[] ptr, int[] idx, float[] values, CancellationToken cancellationToken)
    {
        var f = Factors;
        var gram = Gram(y, f);
        var rows = ptr.Length - 1;
        Parallel.For(0, rows, new ParallelOptions { CancellationToken = cancellationToken }, () => new float[4 * f], (u, _, buffer) =>
        {
            var xu = x.AsSpan(u * f, f);
            var r = buffer.AsSpan(0, f);
            var p = buffer.AsSpan(f, f);
            var ap = buffer.AsSpan(2 * f, f);

            // r = b − A x, with b = Σ c·y_i and A x = (YᵀY + λI) x + Σ (c − 1)(y_i·x) y_i.
            Multiply(gram, xu, r, f);
            for (var k = 0; k < f; k++)
            {
                r[k] = -r[k] - (Regularization * xu[k]);
            }

            for (var q = ptr[u]; q < ptr[u + 1]; q++)
            {
                var yi = y.AsSpan(idx[q] * f, f);
                var c = 1 + (Alpha * values[q]);
                DenseMath.AddScaled(r, c - ((c - 1) * DenseMath.Dot(yi, xu)), yi);
            }

            r.CopyTo(p);
            var rsOld = DenseMath.Dot(r, r);
            for (var step = 0; step < ConjugateGradientSteps && rsOld > 1e-12f; step++)
            {
                Multiply(gram, p, ap, f);
                DenseMath.AddScaled(ap, Regularization, p);
                for (var q = ptr[u]; q < ptr[u + 1]; q++)
                {
                    var yi = y.AsSpan(idx[q] * f, f);
                    DenseMath.AddScaled(ap, Alpha * values[q] * DenseMath.Dot(yi, p), yi);
                }

                var alpha = rsOld / DenseMath.Dot(p, ap);
                DenseMath.AddScaled(xu, alpha, p);
                DenseMath.AddScaled(r, -alpha, ap);
                var rsNew = DenseMath.Dot(r, r);
                var beta = rsNew / rsOld;
                for (var k = 0; k < f; k++)
                {
                    p[k] = r[k] + (beta * p[k]);
                }

                rsOld = rsNew;
            }

            return buffer;
        }, _ => { });
    }

    private static float[] Gram(float[] y, int f)
    {
        var gram = new float[f * f];
        var rows = y.Length / f;
        for (var i = 0; i < rows; i++)
        {
            var yi = y.AsSpan(i * f, f);
            for (var a = 0; a < f; a++)
            {
                DenseMath.AddScaled(gram.AsSpan(a * f, f), yi[a], yi);
            }
        }

        return gram;
    }

    private static void Multiply(float[] matrix, ReadOnlySpan<float> v, Span<float> result, int f)
    {
        for (var a = 0; a < f; a++)
        {
            result[a] = DenseMath.Dot(matrix.AsSpan(a * f, f), v);
        }
    }

    private ReadOnlySpan<float> ItemFactors(int item) => _items.AsSpan(item * Factors, Factors);

    protected override void ScoreUser(int user, Span<float> scores)
    {
        var xu = _users.AsSpan(user * Factors, Factors);
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = DenseMath.Dot(xu, ItemFactors(i));
        }
    }

    public override string Reason(int user, int item) => BecauseOf(user, item, (h, i) => DenseMath.Dot(ItemFactors(h), ItemFactors(i)), "liked by customers who chose");

    protected override void ScoreSimilar(int item, Span<float> scores)
    {
        var target = ItemFactors(item);
        var norm = MathF.Sqrt(DenseMath.Dot(target, target));
        for (var i = 0; i < scores.Length; i++)
        {
            var other = ItemFactors(i);
            var denominator = norm * MathF.Sqrt(DenseMath.Dot(other, other));
            scores[i] = denominator > 0 ? DenseMath.Dot(target, other) / denominator : 0f;
        }
    }

    internal override void WriteState(BinaryWriter writer)
    {
        writer.Write(Factors);
        BinaryState.Write(writer, _users);
        BinaryState.Write(writer, _items);
    }

    internal override void ReadState(BinaryReader reader)
    {
        Factors = reader.ReadInt32();
        _users = BinaryState.ReadFloats(reader);
        _items = BinaryState.ReadFloats(reader);
    }
}
