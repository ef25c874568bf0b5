using MathNet.Numerics.LinearAlgebra;

namespace Augur.Learning.Trainers;

/// <summary>
/// A multinomial logistic regression over a few dense features: class k's probability is the softmax of
/// <c>Bias[k] + Σ_f Weights[k][f] · x_f</c>. Kept as plain numbers, so that a bundle stores it in its JSON and applies it
/// without an ML.NET pipeline.
/// </summary>
/// <remarks>
/// Fitted by Newton's method (the exact Hessian, solved by Math.NET's Cholesky decomposition) on the rows in memory:
/// a matrix scaling has K × (K + 1) parameters, a few dozen, so each step is cheap and a dozen steps converge. ML.NET's
/// maximum-entropy trainer fits the same model with L-BFGS, streaming its data view on every step: on wine-quality's
/// 3,900 out-of-fold rows and 7 classes one fit took 1.5–1.8 s (Math.NET's L-BFGS on arrays, 1.1–3.5 s: the
/// log-probabilities are nearly collinear), which made matrix scaling's cross-validation cost a 10-minute run its
/// refits (docs/benchmarks.md, session 15).
/// </remarks>
internal sealed record MultinomialLogistic(double[][] Weights, double[] Bias)
{
    private const int MaximumSteps = 50;

    /// <summary>
    /// The biases are not penalised, so the loss is flat along "every bias up by the same amount"; this much penalty
    /// (per row) on them keeps the Hessian invertible without moving the fit.
    /// </summary>
    private const double BiasRidge = 1e-9;

    /// <summary>
    /// Fits the weights to <paramref name="features"/> (one row each) and <paramref name="classes"/> (0 to
    /// <paramref name="classCount"/> - 1), minimising the summed log loss plus <c>l2 / 2 · ‖W‖²</c> (the biases are not
    /// penalised). Deterministic.
    /// </summary>
    public static MultinomialLogistic Fit(IReadOnlyList<double[]> features, IReadOnlyList<int> classes, int classCount, double l2)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentOutOfRangeException.ThrowIfZero(features.Count);
        var problem = new Problem(features, classes, classCount, l2);
        var theta = new double[problem.Parameters];
        var loss = problem.Loss(theta);
        for (var step = 0; step < MaximumSteps; step++)
        {
            var (gradient, hessian) = problem.Derivatives(theta);
            if (gradient.Max(Math.Abs) < 1e-7)
            {
                break;
            }

            var direction = Matrix<double>.Build.DenseOfRowMajor(problem.Parameters, problem.Parameters, hessian).Cholesky().Solve(Vector<double>.Build.DenseOfArray(gradient)).ToArray();
            // Damped: halve the step until the loss goes down (Armijo), which a full Newton step far from the minimum may not.
            var slope = -gradient.Zip(direction, (g, d) => g * d).Sum();
            var (next, nextLoss, size) = (theta, loss, 1.0);
            for (var halving = 0; halving < 30; halving++, size /= 2)
            {
                var candidate = theta.Select((t, i) => t - (size * direction[i])).ToArray();
                var candidateLoss = problem.Loss(candidate);
                if (candidateLoss <= loss + (1e-4 * size * slope))
                {
                    (next, nextLoss) = (candidate, candidateLoss);
                    break;
                }
            }

            var progress = loss - nextLoss;
            (theta, loss) = (next, nextLoss);
            if (progress <= 1e-12 * Math.Max(1, Math.Abs(loss)))
            {
                break;
            }
        }

        var width = problem.Width;
        return new MultinomialLogistic(
            [.. Enumerable.Range(0, classCount).Select(k => theta.AsSpan(k * (width + 1), width).ToArray())],
            [.. Enumerable.Range(0, classCount).Select(k => theta[(k * (width + 1)) + width])]);
    }

    /// <summary>Writes the class probabilities of one row of features into <paramref name="probabilities"/>.</summary>
    public void Apply(ReadOnlySpan<double> features, Span<double> probabilities) => Apply(Weights, Bias, features, probabilities);

    /// <summary>The softmax of <c>bias[k] + Σ_f weights[k][f] · features[f]</c>, for weights kept elsewhere (a bundle's).</summary>
    internal static void Apply(double[][] weights, double[] bias, ReadOnlySpan<double> features, Span<double> probabilities)
    {
        for (var k = 0; k < bias.Length; k++)
        {
            var logit = bias[k];
            var row = weights[k];
            for (var f = 0; f < row.Length && f < features.Length; f++)
            {
                logit += row[f] * features[f];
            }

            probabilities[k] = logit;
        }

        Softmax(probabilities[..bias.Length]);
    }

    /// <summary>Turns logits into probabilities in place (shifted by their largest, so no exponential overflows).</summary>
    internal static void Softmax(Span<double> values)
    {
        var max = double.NegativeInfinity;
        foreach (var value in values)
        {
            max = Math.Max(max, value);
        }

        var sum = 0.0;
        for (var k = 0; k < values.Length; k++)
        {
            values[k] = Math.Exp(values[k] - max);
            sum += values[k];
        }

        for (var k = 0; k < values.Length; k++)
        {
            values[k] /= sum;
        }
    }

    /// <summary>
    /// The penalised loss, divided by the number of rows (so the tolerances mean the same for any amount of data), and
    /// its derivatives. Parameters: class k's weights at <c>k · (Width + 1)</c>, its bias after them.
    /// </summary>
    private sealed class Problem(IReadOnlyList<double[]> features, IReadOnlyList<int> classes, int classCount, double l2)
    {
        public int Width { get; } = features[0].Length;

        public int Parameters => classCount * (Width + 1);

        public double Loss(double[] theta)
        {
            var probabilities = new double[classCount];
            var loss = 0.0;
            for (var i = 0; i < features.Count; i++)
            {
                loss -= Math.Log(Math.Max(Probabilities(theta, features[i], probabilities)[classes[i]], 1e-300));
            }

            return (loss + Penalty(theta)) / features.Count;
        }

        /// <summary>The gradient, and the Hessian row by row (it is symmetric).</summary>
        public (double[] Gradient, double[] Hessian) Derivatives(double[] theta)
        {
            var size = Parameters;
            var block = Width + 1;
            var gradient = new double[size];
            var hessian = new double[size * size];
            var probabilities = new double[classCount];
            var x = new double[block];
            var outer = new double[block * block];
            x[Width] = 1;
            for (var i = 0; i < features.Count; i++)
            {
                features[i].CopyTo(x, 0);
                Probabilities(theta, features[i], probabilities);
                for (var a = 0; a < block; a++)
                {
                    for (var b = 0; b < block; b++)
                    {
                        outer[(a * block) + b] = x[a] * x[b];
                    }
                }

                for (var k = 0; k < classCount; k++)
                {
                    var residual = probabilities[k] - (classes[i] == k ? 1 : 0);
                    for (var a = 0; a < block; a++)
                    {
                        gradient[(k * block) + a] += residual * x[a];
                    }

                    // d²/dθ_ka dθ_lb = (p_k δ_kl − p_k p_l) x_a x_b: the blocks below the diagonal, mirrored at the end.
                    for (var l = 0; l <= k; l++)
                    {
                        var curvature = probabilities[k] * ((k == l ? 1 : 0) - probabilities[l]);
                        for (var a = 0; a < block; a++)
                        {
                            var target = hessian.AsSpan((((k * block) + a) * size) + (l * block), block);
                            var source = outer.AsSpan(a * block, block);
                            for (var b = 0; b < block; b++)
                            {
                                target[b] += curvature * source[b];
                            }
                        }
                    }
                }
            }

            var rows = features.Count;
            for (var p = 0; p < size; p++)
            {
                var isBias = p % block == Width;
                gradient[p] = (gradient[p] + (isBias ? 0 : l2 * theta[p])) / rows;
                hessian[(p * size) + p] += isBias ? BiasRidge * rows : l2;
            }

            for (var p = 0; p < size; p++)
            {
                for (var q = 0; q < size && q / block <= p / block; q++)
                {
                    hessian[(p * size) + q] /= rows;
                }
            }

            // The blocks above the diagonal were not summed: they mirror those below.
            for (var p = 0; p < size; p++)
            {
                for (var q = ((p / block) + 1) * block; q < size; q++)
                {
                    hessian[(p * size) + q] = hessian[(q * size) + p];
                }
            }

            return (gradient, hessian);
        }

        private double Penalty(double[] theta)
        {
            var penalty = 0.0;
            for (var p = 0; p < theta.Length; p++)
            {
                penalty += p % (Width + 1) == Width ? 0 : l2 / 2 * theta[p] * theta[p];
            }

            return penalty;
        }

        private double[] Probabilities(double[] theta, double[] x, double[] probabilities)
        {
            for (var k = 0; k < classCount; k++)
            {
                var offset = k * (Width + 1);
                var z = theta[offset + Width];
                for (var f = 0; f < Width; f++)
                {
                    z += theta[offset + f] * x[f];
                }

                probabilities[k] = z;
            }

            Softmax(probabilities);
            return probabilities;
        }
    }
}
