using Augur.Learning.Trainers;

namespace Augur.Learning.Tests;

public sealed class MultinomialLogisticTests
{
    /// <summary>Three classes from known logits over two features (plus noise in the draw).</summary>
    private static (List<double[]> Features, List<int> Classes) Generated(int rows = 3_000)
    {
        var random = new Random(5);
        double[][] truth = [[2, 0], [0, 2], [-1, -1]];
        var features = new List<double[]>();
        var classes = new List<int>();
        for (var i = 0; i < rows; i++)
        {
            double[] x = [(random.NextDouble() * 4) - 2, (random.NextDouble() * 4) - 2];
            var logits = truth.Select(w => (w[0] * x[0]) + (w[1] * x[1])).ToArray();
            features.Add(x);
            classes.Add(Draw.Class(random, [.. logits.Select(Math.Exp)]));
        }

        return (features, classes);
    }

    [Fact]
    public void Unpenalised_fit_recovers_the_logits_that_drew_the_classes()
    {
        var (features, classes) = Generated();
        var model = MultinomialLogistic.Fit(features, classes, 3, l2: 1e-6);

        // Logits are defined up to a constant per feature, so compare differences between classes.
        Assert.InRange(model.Weights[0][0] - model.Weights[2][0], 2.6, 3.4);
        Assert.InRange(model.Weights[1][1] - model.Weights[2][1], 2.6, 3.4);
        Assert.InRange(model.Weights[0][1] - model.Weights[2][1], 0.6, 1.4);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(100.0)]
    public void The_fit_minimises_the_summed_log_loss_plus_half_l2_times_the_squared_weights(double l2)
    {
        var (features, classes) = Generated();
        var model = MultinomialLogistic.Fit(features, classes, 3, l2);

        // At the optimum the gradient vanishes: Σ_i (p_ik − y_ik) x_if + l2 · W_kf = 0, and Σ_i (p_ik − y_ik) = 0.
        var gradient = model.Weights.Select(w => w.Select(v => l2 * v).ToArray()).ToArray();
        var biasGradient = new double[3];
        var p = new double[3];
        for (var i = 0; i < features.Count; i++)
        {
            model.Apply(features[i], p);
            for (var k = 0; k < 3; k++)
            {
                var residual = p[k] - (classes[i] == k ? 1 : 0);
                biasGradient[k] += residual;
                for (var f = 0; f < 2; f++)
                {
                    gradient[k][f] += residual * features[i][f];
                }
            }
        }

        Assert.All(gradient.SelectMany(g => g).Concat(biasGradient), g => Assert.InRange(g, -1.0, 1.0));
        // The penalty matters: a heavier one gives smaller weights than the nearly free fit.
        var free = MultinomialLogistic.Fit(features, classes, 3, 1e-6);
        Assert.True(model.Weights.Sum(w => w.Sum(v => v * v)) < free.Weights.Sum(w => w.Sum(v => v * v)));
    }

    [Fact]
    public void A_class_missing_from_the_rows_still_gets_a_probability()
    {
        var (features, classes) = Generated(600);
        var kept = Enumerable.Range(0, features.Count).Where(i => classes[i] != 1).ToList();
        var model = MultinomialLogistic.Fit([.. kept.Select(i => features[i])], [.. kept.Select(i => classes[i])], 3, 1.0);

        var p = new double[3];
        model.Apply([0.0, 0.0], p);
        Assert.Equal(3, model.Bias.Length);
        Assert.Equal(1.0, p.Sum(), 6);
        Assert.InRange(p[1], 0, 0.01);
    }
}
