using Augur.Learning.Search;
using Augur.Learning.Trainers.Forest;
using Augur.Learning.Training;
using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Augur.Learning.Trainers;

/// <summary>The trainers searched for each task, their search spaces, and how to build each one.</summary>
public static class TrainerCatalog
{
    public const string LightGbm = "lightGbm";
    public const string FastTree = "fastTree";
    public const string FastForest = "fastForest";
    public const string LbfgsLogisticRegression = "lbfgsLogisticRegression";
    public const string LbfgsMaximumEntropy = "lbfgsMaximumEntropy";
    public const string Sdca = "sdca";
    public const string ExtraTrees = "extraTrees";

    /// <summary>
    /// LightGBM runs single-threaded: its OpenMP threads spin while waiting, and on a busy machine (or with several
    /// trials at once) that made a 1,000-row, 5-fold trial take 11 s instead of 2 s.
    /// </summary>
    private const int LightGbmThreads = 1;

    private static readonly ParameterRange Leaves = new("numberOfLeaves", 4, 128, 31, LogScale: true, Integer: true);
    private static readonly ParameterRange MinLeaf = new("minimumExampleCountPerLeaf", 2, 100, 20, LogScale: true, Integer: true);
    private static readonly ParameterRange Rate = new("learningRate", 0.01, 0.3, 0.1, LogScale: true);
    private static readonly ParameterRange L1 = new("l1Regularization", 1e-4, 1, 1e-3, LogScale: true);
    private static readonly ParameterRange L2 = new("l2Regularization", 1e-4, 1, 1e-2, LogScale: true);

    /// <summary>
    /// LightGBM's space, with one start beside its defaults (binary and regression tasks): slow boosted trees that each see half the columns (learning
    /// rate 0.02, 1,000 trees). On adult's ten folds, XGBoost so set scored 0.9315 against 0.9301 with the settings the
    /// local search favours (0.05, 300 trees, all columns); the search starts cheap and rarely walks that far
    /// (docs/benchmarks.md, "Slow trees on half the columns").
    /// </summary>
    private static readonly TrainerSpace LightGbmSpace = new(LightGbm,
    [
        Leaves,
        Rate,
        new("numberOfIterations", 20, 2000, 100, LogScale: true, Integer: true),
        MinLeaf,
        new("l2Regularization", 1e-3, 10, 1e-2, LogScale: true),
        new("featureFraction", 0.2, 1, 1),
    ])
    {
        Starts = [new Dictionary<string, double> { ["learningRate"] = 0.02, ["numberOfIterations"] = 1000, ["featureFraction"] = 0.5 }],
    };

    /// <summary>
    /// Multiclass LightGBM grows one tree per class at each iteration, so the slow start would cost a tree count times the
    /// classes (7,000 trees on wine-quality): most of a short budget, on data where forests win anyway.
    /// </summary>
    private static readonly TrainerSpace MulticlassLightGbmSpace = LightGbmSpace with { Starts = [] };

    private static readonly TrainerSpace FastTreeSpace = new(FastTree,
        [Leaves, Rate, new("numberOfTrees", 20, 500, 100, LogScale: true, Integer: true), MinLeaf]);

    private static readonly TrainerSpace FastForestSpace = new(FastForest,
        [Leaves, new("numberOfTrees", 20, 300, 100, LogScale: true, Integer: true), MinLeaf]);

    /// <summary>
    /// Fully grown extremely randomized trees (<see cref="ExtraTreesGrower"/>): on wine-quality-white they beat boosted
    /// trees by a wide margin (scikit-learn's log loss 0.73 against 1.02), because repeated rows reward deep trees.
    /// "featureExponent" 0.5 is the square-root rule for the candidate features of a split; "entropy" 1 scores splits by
    /// entropy, 0 by Gini impurity.
    /// </summary>
    private static readonly TrainerSpace ExtraTreesSpace = new(ExtraTrees,
    [
        new("numberOfTrees", 100, 500, 300, LogScale: true, Integer: true),
        new("minimumExampleCountPerLeaf", 1, 20, 1, LogScale: true, Integer: true),
        new("featureExponent", 0.25, 1, 0.5),
        new("entropy", 0, 1, 1, Integer: true),
    ]);

    /// <summary>
    /// Above this many rows, multiclass searches leave extra trees out: fully grown trees have about as many leaves as
    /// distinct rows, so their memory, bundle and scoring time grow with the data (18 MB for wine-quality's 4,400 rows),
    /// and this is the small-data regime (k-fold validation) where they were measured.
    /// </summary>
    public const int ExtraTreesMaxRows = 10_000;

    /// <summary>From this many rows, regression searches start its boosted trees larger (<see cref="SearchSpace"/>).</summary>
    public const int LargeRegressionRows = 10_000;

    /// <summary>
    /// The search space of a task; the first trainer is the default of trial 1. Regression on
    /// <see cref="LargeRegressionRows"/> or more rows starts LightGBM and FastTree at 63 leaves and 200 trees instead of
    /// 31 and 100: on california-housing the local search was still growing the trees when a short budget ran out, and
    /// its best trials were always the largest tried (docs/benchmarks.md).
    /// </summary>
    /// <param name="rows">Rows the run trains on; 0 when unknown (the small-data defaults).</param>
    public static IReadOnlyList<TrainerSpace> SearchSpace(TaskKind task, int rows = 0) => task switch
    {
        TaskKind.Binary => [LightGbmSpace, FastTreeSpace, FastForestSpace, new(LbfgsLogisticRegression, [L1, L2])],
        TaskKind.Multiclass when rows > ExtraTreesMaxRows => [MulticlassLightGbmSpace, FastTreeSpace, new(LbfgsMaximumEntropy, [L1, L2])],
        TaskKind.Multiclass => [MulticlassLightGbmSpace, FastTreeSpace, new(LbfgsMaximumEntropy, [L1, L2]), ExtraTreesSpace],
        _ when rows >= LargeRegressionRows => [Larger(LightGbmSpace), Larger(FastTreeSpace), FastForestSpace, new(Sdca, [L1, L2])],
        _ => [LightGbmSpace, FastTreeSpace, FastForestSpace, new(Sdca, [L1, L2])],
    };

    private static TrainerSpace Larger(TrainerSpace space) => space with
    {
        Parameters = [.. space.Parameters.Select(p => p.Name switch
        {
            "numberOfLeaves" => p with { Default = 63 },
            "numberOfIterations" or "numberOfTrees" => p with { Default = 200 },
            _ => p,
        })],
    };

    /// <summary>The trainer estimator for a trial, reading "Features" and "Label".</summary>
    /// <exception cref="ArgumentException">The trainer is not in the task's catalog.</exception>
    public static IEstimator<ITransformer> Create(MLContext ml, TaskKind task, TrialSettings settings, int seed)
    {
        ArgumentNullException.ThrowIfNull(ml);
        ArgumentNullException.ThrowIfNull(settings);
        var p = new Parameters(settings);
        return (task, settings.Trainer) switch
        {
            (TaskKind.Binary, LightGbm) => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                NumberOfLeaves = p.Int("numberOfLeaves"),
                LearningRate = p.Double("learningRate"),
                NumberOfIterations = p.Int("numberOfIterations"),
                MinimumExampleCountPerLeaf = p.Int("minimumExampleCountPerLeaf"),
                Booster = Booster(p),
                Seed = seed,
                Deterministic = true,
                Silent = true,
                NumberOfThreads = LightGbmThreads,
            }),
            // Softmax: one model of all classes, fitted to the log loss. Left to itself ML.NET picks one-versus-all below
            // 50,000 rows, whose per-class probabilities are normalised afterwards and are less well calibrated.
            (TaskKind.Multiclass, LightGbm) => ml.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
            {
                UseSoftmax = true,
                NumberOfLeaves = p.Int("numberOfLeaves"),
                LearningRate = p.Double("learningRate"),
                NumberOfIterations = p.Int("numberOfIterations"),
                MinimumExampleCountPerLeaf = p.Int("minimumExampleCountPerLeaf"),
                Booster = Booster(p),
                Seed = seed,
                Deterministic = true,
                Silent = true,
                NumberOfThreads = LightGbmThreads,
            }),
            (TaskKind.Regression, LightGbm) => ml.Regression.Trainers.LightGbm(new LightGbmRegressionTrainer.Options
            {
                NumberOfLeaves = p.Int("numberOfLeaves"),
                LearningRate = p.Double("learningRate"),
                NumberOfIterations = p.Int("numberOfIterations"),
                MinimumExampleCountPerLeaf = p.Int("minimumExampleCountPerLeaf"),
                Booster = Booster(p),
                Seed = seed,
                Deterministic = true,
                Silent = true,
                NumberOfThreads = LightGbmThreads,
            }),
            (TaskKind.Binary, FastTree) => BinaryFastTree(ml, p),
            (TaskKind.Multiclass, FastTree) => ml.MulticlassClassification.Trainers.OneVersusAll(BinaryFastTree(ml, p)),
            (TaskKind.Regression, FastTree) => ml.Regression.Trainers.FastTree(
                numberOfLeaves: p.Int("numberOfLeaves"), numberOfTrees: p.Int("numberOfTrees"),
                minimumExampleCountPerLeaf: p.Int("minimumExampleCountPerLeaf"), learningRate: p.Double("learningRate")),
            // FastForest's binary scores are not probabilities; Platt scaling makes them so.
            (TaskKind.Binary, FastForest) => ml.BinaryClassification.Trainers.FastForest(
                    numberOfLeaves: p.Int("numberOfLeaves"), numberOfTrees: p.Int("numberOfTrees"), minimumExampleCountPerLeaf: p.Int("minimumExampleCountPerLeaf"))
                .Append(ml.BinaryClassification.Calibrators.Platt()),
            (TaskKind.Regression, FastForest) => ml.Regression.Trainers.FastForest(
                numberOfLeaves: p.Int("numberOfLeaves"), numberOfTrees: p.Int("numberOfTrees"), minimumExampleCountPerLeaf: p.Int("minimumExampleCountPerLeaf")),
            (TaskKind.Binary, LbfgsLogisticRegression) => ml.Transforms.NormalizeMinMax("Features")
                .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression(l1Regularization: p.Float("l1Regularization"), l2Regularization: p.Float("l2Regularization"))),
            (TaskKind.Multiclass, LbfgsMaximumEntropy) => ml.Transforms.NormalizeMinMax("Features")
                .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(l1Regularization: p.Float("l1Regularization"), l2Regularization: p.Float("l2Regularization"))),
            (TaskKind.Regression, Sdca) => ml.Transforms.NormalizeMinMax("Features")
                .Append(ml.Regression.Trainers.Sdca(l1Regularization: p.Float("l1Regularization"), l2Regularization: p.Float("l2Regularization"))),
            (_, ExtraTrees) => new ExtraTreesEstimator(ml, task, new ExtraTreesOptions(
                p.Int("numberOfTrees"), p.Int("minimumExampleCountPerLeaf"), p.Double("featureExponent"), ForestSeed(seed, settings)) { Entropy = p.Int("entropy", 0) == 1 }),
            _ => throw new ArgumentException($"The trainer '{settings.Trainer}' is not available for {task} tasks.", nameof(settings)),
        };
    }

    /// <summary>
    /// Each extra-trees trial grows its own forest: the run's seed mixed with the trial's number (its refit and every
    /// fold use the same, so the run stays reproducible). With one seed for all, settings that differ only below the
    /// resolution of a parameter (feature exponents 0.25 and 0.28 both draw 2 of 11 features) grew the same forest, so
    /// long searches filled the ensemble's candidates with copies of one model; on wine-quality-white, two forests of
    /// different seeds averaged beat one by 0.004 of log loss (docs/benchmarks.md).
    /// </summary>
    internal static int ForestSeed(int seed, TrialSettings settings) => unchecked((seed * 7919) + settings.Number);

    /// <summary>The share of columns each tree sees: a parameter added later, so trials stored before it used them all.</summary>
    private static GradientBooster.Options Booster(Parameters p) => new()
    {
        L2Regularization = p.Double("l2Regularization"),
        FeatureFraction = p.Double("featureFraction", 1),
    };

    private static FastTreeBinaryTrainer BinaryFastTree(MLContext ml, Parameters p) =>
        ml.BinaryClassification.Trainers.FastTree(
            numberOfLeaves: p.Int("numberOfLeaves"), numberOfTrees: p.Int("numberOfTrees"),
            minimumExampleCountPerLeaf: p.Int("minimumExampleCountPerLeaf"), learningRate: p.Double("learningRate"));

    private sealed class Parameters(TrialSettings settings)
    {
        public double Double(string name) => settings.Parameters.TryGetValue(name, out var value)
            ? value
            : throw new InvalidOperationException($"The trial of {settings.Trainer} has no value for '{name}'.");

        /// <summary>A parameter added to a space later: trials stored before it (a study's, a bundle's) have none.</summary>
        public double Double(string name, double absent) => settings.Parameters.TryGetValue(name, out var value) ? value : absent;

        public float Float(string name) => (float)Double(name);

        public int Int(string name) => (int)Math.Round(Double(name));

        /// <summary>A parameter added to a space later: trials stored before it (a study's, a bundle's) have none.</summary>
        public int Int(string name, int absent) => settings.Parameters.ContainsKey(name) ? Int(name) : absent;
    }
}
