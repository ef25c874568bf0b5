namespace Augur.Learning.Tests;

/// <summary>Random labels for the calibration and regression tests.</summary>
internal static class Draw
{
    /// <summary>A class drawn in proportion to <paramref name="weights"/> (probabilities, or any non-negative weights), with one draw of <paramref name="random"/>.</summary>
    public static int Class(Random random, IReadOnlyList<double> weights)
    {
        var draw = random.NextDouble() * weights.Sum();
        var label = 0;
        for (var cumulative = weights[0]; cumulative < draw && label < weights.Count - 1; cumulative += weights[++label])
        {
        }

        return label;
    }
}
