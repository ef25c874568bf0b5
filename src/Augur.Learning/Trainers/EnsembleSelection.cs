using Augur.Learning.Search;

namespace Augur.Learning.Trainers;

/// <summary>
/// Greedy ensemble selection (Caruana et al., 2004) over out-of-fold predictions: starting from the best trial, add
/// (with replacement) whichever candidate most lowers the loss of the averaged predictions, for a fixed number of
/// rounds, and keep the best ensemble seen. Weights are how often each candidate was picked.
/// </summary>
internal static class EnsembleSelection
{
    public const int Rounds = 15;

    /// <summary>Indices into <paramref name="candidates"/> with their weights (summing to 1), and the ensemble's loss.</summary>
    /// <param name="loss">The loss of averaged predictions over <see cref="OutOfFold.Rows"/> (all candidates share them).</param>
    public static (IReadOnlyList<(int Candidate, double Weight)> Members, double Loss) Select(
        IReadOnlyList<ScoredTrial> candidates, Func<IReadOnlyList<double[]>, double> loss)
    {
        var usable = candidates.Select((c, i) => (c, i)).Where(x => x.c.Run.OutOfFold is not null).Select(x => x.i).ToList();
        if (usable.Count == 0)
        {
            return ([], double.PositiveInfinity);
        }

        var first = candidates[usable[0]].Run.OutOfFold!;
        if (usable.Any(i => !candidates[i].Run.OutOfFold!.Rows.SequenceEqual(first.Rows)))
        {
            // Candidates validated on different rows cannot be averaged.
            return ([(usable[0], 1.0)], candidates[usable[0]].Loss);
        }

        var width = first.Predictions[0].Length;
        var sum = first.Predictions.Select(p => p.ToArray()).ToArray();
        var counts = new int[candidates.Count];
        counts[usable[0]] = 1;
        var picked = 1;
        var bestLoss = loss(first.Predictions);
        var bestCounts = counts.ToArray();
        for (var round = 1; round < Rounds; round++)
        {
            var roundBest = (Candidate: -1, Loss: double.PositiveInfinity);
            foreach (var candidate in usable)
            {
                var predictions = candidates[candidate].Run.OutOfFold!.Predictions;
                var averaged = sum.Select((s, r) => Enumerable.Range(0, width).Select(k => (s[k] + predictions[r][k]) / (picked + 1)).ToArray()).ToArray();
                var value = loss(averaged);
                if (value < roundBest.Loss)
                {
                    roundBest = (candidate, value);
                }
            }

            if (roundBest.Candidate < 0)
            {
                break;
            }

            var chosen = candidates[roundBest.Candidate].Run.OutOfFold!.Predictions;
            for (var r = 0; r < sum.Length; r++)
            {
                for (var k = 0; k < width; k++)
                {
                    sum[r][k] += chosen[r][k];
                }
            }

            counts[roundBest.Candidate]++;
            picked++;
            if (roundBest.Loss < bestLoss)
            {
                bestLoss = roundBest.Loss;
                bestCounts = counts.ToArray();
            }
        }

        var total = bestCounts.Sum();
        return ([.. bestCounts.Select((c, i) => (i, (double)c / total)).Where(x => x.Item2 > 0)], bestLoss);
    }
}
