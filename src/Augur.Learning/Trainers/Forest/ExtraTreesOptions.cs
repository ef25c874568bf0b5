namespace Augur.Learning.Trainers.Forest;

/// <summary>Settings of an extremely randomized forest (<see cref="ExtraTreesGrower"/>).</summary>
/// <param name="Trees">How many trees are averaged.</param>
/// <param name="MinimumExampleCountPerLeaf">A split is kept only when both sides have at least this many rows.</param>
/// <param name="FeatureExponent">
/// Each split draws round(d^exponent) candidate features out of d (at least one): 0.5 is the usual square-root rule,
/// 1 tries every feature.
/// </param>
/// <param name="Seed">The same seed and rows grow the same forest.</param>
/// <param name="Entropy">
/// Classification: splits are scored by the decrease of entropy instead of Gini impurity. On wine-quality-white it gave
/// scikit-learn's forests a lower log loss on most folds (docs/benchmarks.md); the search tries both.
/// </param>
/// <param name="MaximumNodes">
/// No tree is started once the forest has this many nodes (12 bytes each): fully grown trees have about as many leaves as
/// distinct rows, so on large data the forest stops early with fewer trees rather than fill the memory.
/// </param>
internal sealed record ExtraTreesOptions(int Trees = 300, int MinimumExampleCountPerLeaf = 1, double FeatureExponent = 0.5, int Seed = 0, int MaximumNodes = 8_000_000, bool Entropy = false)
{
    /// <summary>Candidate features per split for rows of <paramref name="width"/> features.</summary>
    public int FeaturesPerSplit(int width) => Math.Clamp((int)Math.Round(Math.Pow(width, FeatureExponent)), 1, Math.Max(1, width));
}
