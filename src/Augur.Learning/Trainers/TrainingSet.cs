using Augur.Learning.Features;
using Augur.Learning.Training;
using Microsoft.ML;

namespace Augur.Learning.Trainers;

/// <summary>
/// Encoded rows of one run and how they are validated: stratified k-fold for small data (or when the request fixes the
/// folds), a stratified 80/20 holdout for large data, or the latest 20% as validation when rows are ordered by a time
/// column. The number of folds is chosen once per run (<see cref="FoldsFor"/>) and every trial of the run, in process or
/// in a child process, uses the same.
/// </summary>
internal sealed class TrainingSet
{
    public const double HoldoutFraction = 0.2;

    /// <summary>Up to this many rows, trials are always scored by k-fold cross-validation.</summary>
    public const int KFoldMaxRows = 10_000;

    /// <summary>What <see cref="FoldsFor"/> returns for one stratified holdout of <see cref="HoldoutFraction"/> of the rows.</summary>
    public const int HoldoutFolds = 1;

    public const int KFolds = 5;

    /// <summary>Folds when the budget is too short for enough 5-fold trials (<see cref="FoldsFor"/>).</summary>
    public const int ShortBudgetFolds = 3;

    /// <summary>Below this many 5-fold trials of the default model in the budget, trials use <see cref="ShortBudgetFolds"/> folds.</summary>
    public const int MinimumAffordableTrials = 12;

    /// <summary>
    /// Seconds one default boosted model (100 trees) takes to fit and score per training row, on one core of the
    /// benchmark machine: wine-quality (3,265 rows, 7 classes) took about 5 s per 5-fold trial, telco-churn
    /// (4,700 rows, one model) about 1 s.
    /// </summary>
    private const double SecondsPerRowAndModel = 5e-5;

    private readonly int _seed;

    /// <param name="timeOrder">When given, each row's position in time (rank); validation is the latest rows.</param>
    /// <param name="folds">How many folds (<see cref="FoldsFor"/>); <see cref="HoldoutFolds"/> is one holdout. A time order ignores it.</param>
    public TrainingSet(TaskKind task, FeaturePlan plan, IReadOnlyList<string> labels, IReadOnlyList<FeatureRow> rows, int seed, IReadOnlyList<int>? timeOrder = null, int folds = KFolds)
    {
        Task = task;
        Plan = plan;
        _seed = seed;
        Labels = labels;
        All = rows;
        Definition = plan.Definition(task, labels.Count);
        if (timeOrder is not null)
        {
            var cut = (int)Math.Round(rows.Count * (1 - HoldoutFraction));
            var ordered = Enumerable.Range(0, rows.Count).OrderBy(i => timeOrder[i]).ThenBy(i => i).ToArray();
            Folds = [new Fold(ordered[..cut], ordered[cut..])];
            Validation = "time";
        }
        else if (folds > HoldoutFolds && rows.Count >= folds * 2)
        {
            Folds = KFold(task, rows, seed, folds);
            Validation = $"{folds}-fold";
        }
        else
        {
            Folds = [Holdout(task, rows, seed)];
            Validation = "holdout";
        }
    }

    public TaskKind Task { get; }

    /// <summary>
    /// How many folds validation uses for this run. Up to <see cref="KFoldMaxRows"/> rows: <see cref="KFolds"/>, or
    /// <see cref="ShortBudgetFolds"/> when the search's part of the budget would pay for fewer than
    /// <see cref="MinimumAffordableTrials"/> 5-fold trials of the default model (a multiclass trial fits one model per
    /// class). A search of five or six 5-fold trials stops far from the best settings; twice as many 3-fold trials find
    /// better ones (docs/benchmarks.md, wine-quality). Above it, <see cref="HoldoutFolds"/>: on adult at 10 minutes, 3-fold
    /// validation (every row's out-of-fold prediction to choose the ensemble on, a third as many trials) scored no better
    /// on the test folds (docs/benchmarks.md). The choice depends only on the request and the data, so a child-process
    /// trial, a study worker and the parent all make the same one.
    /// </summary>
    public static int FoldsFor(int rows, int classes, TimeSpan budget)
    {
        if (rows > KFoldMaxRows)
        {
            return HoldoutFolds;
        }

        var models = classes > 2 ? classes : 1;
        // Each of the five fits sees four fifths of the rows.
        var trial = TimeSpan.FromSeconds(rows * (KFolds - 1.0) * models * SecondsPerRowAndModel);
        // What the search would get if its best trials were such default trials (RefitReserve).
        var search = budget - new RefitReserve(budget, KFolds, refit: true, fitsLastFold: false).For(Enumerable.Repeat(trial, RefitReserve.Members));
        return search < trial * MinimumAffordableTrials ? ShortBudgetFolds : KFolds;
    }

    public FeaturePlan Plan { get; }

    public IReadOnlyList<string> Labels { get; }

    public IReadOnlyList<FeatureRow> All { get; }

    /// <summary>Train and validation rows (indices into <see cref="All"/>); validation parts never overlap.</summary>
    public IReadOnlyList<Fold> Folds { get; }

    /// <summary>"5-fold", "3-fold", "holdout" or "time".</summary>
    public string Validation { get; }

    public Microsoft.ML.Data.SchemaDefinition Definition { get; }

    public IDataView Load(MLContext ml, IReadOnlyList<FeatureRow> rows) => ml.Data.LoadFromEnumerable(rows, Definition);

    public IReadOnlyList<FeatureRow> Rows(IReadOnlyList<int> indices) => [.. indices.Select(i => All[i])];

    /// <summary>
    /// A stratified share of <paramref name="rows"/> (at least one row of each class present), the same for the same
    /// arguments: every configuration screened at a rung sees the same rows.
    /// </summary>
    public IReadOnlyList<int> Subsample(IReadOnlyList<int> rows, double fraction, int salt)
    {
        // Not HashCode.Combine: it is randomised per process, and the sample must be the same in every run.
        var random = new Random(unchecked((((_seed * 7919) + salt) * 1_000_003) + (int)Math.Round(fraction * 1_000_000)));
        var kept = new List<int>();
        foreach (var group in rows.GroupBy(i => Stratum(Task, All[i])).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            random.Shuffle(members);
            kept.AddRange(members.Take(Math.Max(1, (int)Math.Round(members.Length * fraction))));
        }

        kept.Sort();
        return kept;
    }

    private static uint Stratum(TaskKind task, FeatureRow row) => task switch
    {
        TaskKind.Binary => row.Flag ? 1u : 0u,
        TaskKind.Multiclass => row.Class,
        _ => 0u,
    };

    private static Fold Holdout(TaskKind task, IReadOnlyList<FeatureRow> rows, int seed)
    {
        var random = new Random(seed);
        var holdout = new HashSet<int>();
        foreach (var group in Enumerable.Range(0, rows.Count).GroupBy(i => Stratum(task, rows[i])).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            random.Shuffle(members);
            // Every class with at least two rows keeps one on each side, so validation sees every class.
            var take = members.Length < 2 ? 0 : Math.Clamp((int)Math.Round(members.Length * HoldoutFraction), 1, members.Length - 1);
            holdout.UnionWith(members.Take(take));
        }

        return new Fold([.. Enumerable.Range(0, rows.Count).Where(i => !holdout.Contains(i))], [.. holdout.Order()]);
    }

    /// <summary>Stratified folds: each class is shuffled and dealt round-robin, so each fold has its share of every class.</summary>
    private static List<Fold> KFold(TaskKind task, IReadOnlyList<FeatureRow> rows, int seed, int k)
    {
        var random = new Random(seed);
        var fold = new int[rows.Count];
        var dealt = 0;
        foreach (var group in Enumerable.Range(0, rows.Count).GroupBy(i => Stratum(task, rows[i])).OrderBy(g => g.Key))
        {
            var members = group.ToArray();
            random.Shuffle(members);
            foreach (var member in members)
            {
                fold[member] = dealt++ % k;
            }
        }

        return [.. Enumerable.Range(0, k).Select(f => new Fold(
            [.. Enumerable.Range(0, rows.Count).Where(i => fold[i] != f)],
            [.. Enumerable.Range(0, rows.Count).Where(i => fold[i] == f)]))];
    }
}

/// <summary>One split of a <see cref="TrainingSet"/>: indices of the rows fitted on and of the rows scored.</summary>
internal sealed record Fold(IReadOnlyList<int> Train, IReadOnlyList<int> Validation);
