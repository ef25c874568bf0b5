using System.Numerics;

namespace Augur.Recommend.Models;

/// <summary>The little dense linear algebra EASE and ALS need, on row-major arrays, without a BLAS.</summary>
public static class DenseMath
{
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = Vector<double>.Zero;
        var i = 0;
        for (; i <= a.Length - Vector<double>.Count; i += Vector<double>.Count)
        {
            sum += new Vector<double>(a[i..]) * new Vector<double>(b[i..]);
        }

        var total = Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }

        return total;
    }

    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            sum += new Vector<float>(a[i..]) * new Vector<float>(b[i..]);
        }

        var total = Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }

        return total;
    }

    /// <summary>y += a · x.</summary>
    public static void AddScaled(Span<float> y, float a, ReadOnlySpan<float> x)
    {
        var i = 0;
        var va = new Vector<float>(a);
        for (; i <= y.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            (new Vector<float>(y[i..]) + va * new Vector<float>(x[i..])).CopyTo(y[i..]);
        }

        for (; i < y.Length; i++)
        {
            y[i] += a * x[i];
        }
    }

    /// <summary>
    /// The inverse of a symmetric positive definite matrix (rows of length n), by Cholesky: G = L Lᵀ, then
    /// G⁻¹ = L⁻ᵀ L⁻¹. Every inner loop is a dot product of two contiguous rows, and each stage runs its
    /// independent rows in parallel. Throws when the matrix is not positive definite.
    /// </summary>
    public static double[][] InvertSpd(double[][] g, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(g);
        var n = g.Length;
        var options = new ParallelOptions { CancellationToken = cancellationToken };

        // L, lower triangular, left-looking by column: column j needs only columns < j.
        var l = new double[n][];
        for (var i = 0; i < n; i++)
        {
            l[i] = new double[n];
        }

        for (var j = 0; j < n; j++)
        {
            var d = g[j][j] - Dot(l[j].AsSpan(0, j), l[j].AsSpan(0, j));
            if (!(d > 0))
            {
                throw new ArithmeticException($"The matrix is not positive definite (pivot {j}).");
            }

            var ljj = Math.Sqrt(d);
            l[j][j] = ljj;
            var col = j;
            Parallel.For(j + 1, n, options, i => l[i][col] = (g[i][col] - Dot(l[i].AsSpan(0, col), l[col].AsSpan(0, col))) / ljj);
        }

        // U = (L⁻¹)ᵀ, upper triangular: row j of U is column j of L⁻¹, and rows are independent.
        var u = new double[n][];
        Parallel.For(0, n, options, j =>
        {
            var row = new double[n];
            row[j] = 1 / l[j][j];
            for (var i = j + 1; i < n; i++)
            {
                row[i] = -Dot(l[i].AsSpan(j, i - j), row.AsSpan(j, i - j)) / l[i][i];
            }

            u[j] = row;
        });

        // G⁻¹[a][b] = Σ_{k ≥ max(a,b)} U[a][k] U[b][k]; reuse L's rows for the result.
        var inverse = l;
        Parallel.For(0, n, options, a =>
        {
            for (var b = a; b < n; b++)
            {
                inverse[a][b] = Dot(u[a].AsSpan(b), u[b].AsSpan(b));
            }
        });
        for (var a = 0; a < n; a++)
        {
            for (var b = 0; b < a; b++)
            {
                inverse[a][b] = inverse[b][a];
            }
        }

        return inverse;
    }
}
