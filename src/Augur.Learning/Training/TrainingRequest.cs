using Augur.Data.Schema;
using Augur.Learning.Bundles;
using Augur.Learning.Features;

namespace Augur.Learning.Training;

/// <summary>
/// Everything one training run needs. <see cref="DataPath"/> is a clean JSONL table written by Augur.Data,
/// described by <see cref="Schema"/>.
/// </summary>
public sealed record TrainingRequest(string DataPath, TableSchema Schema, string Target)
{
    /// <summary>Wall-clock budget for the whole search, refit included.</summary>
    public TimeSpan Budget { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Optional cap on the number of trials; with a seed this makes a run reproducible.</summary>
    public int? MaxTrials { get; init; }

    /// <summary>
    /// Early stopping: when set, the search ends once this many trials in a row have found no better model (better by
    /// at least 0.1 %; see <see cref="Search.SearchLimits.Patience"/>), and the run finishes before its budget. Null
    /// searches until the budget or the trial cap.
    /// </summary>
    public int? EarlyStopping { get; init; }

    public int Seed { get; init; } = 42;

    /// <summary>Null means "detect from the target column".</summary>
    public TaskKind? Task { get; init; }

    /// <summary>
    /// The metric trials are ranked by (e.g. "auc", "logLoss", "f1", "rmse", "mae", "mape"); null means the task's
    /// primary metric (<see cref="Trainers.Evaluator.PrimaryMetric"/>).
    /// </summary>
    public string? Metric { get; init; }

    /// <summary>
    /// Folds of k-fold validation (2 to 10), at any size; null chooses: 5, or 3 when the budget is short for the data,
    /// and a holdout above <see cref="Trainers.TrainingSet.KFoldMaxRows"/> rows (<see cref="Trainers.TrainingSet.FoldsFor"/>).
    /// </summary>
    public int? Folds { get; init; }

    /// <summary>When set, validation is time-based: rows are ordered by this column and the latest 20% validate.</summary>
    public string? TimeColumn { get; init; }

    /// <summary>Binary tasks: a cost matrix for the decision threshold; null means the threshold maximises F1.</summary>
    public BinaryCosts? Costs { get; init; }

    /// <summary>Whether input columns that alone nearly predict the target are excluded (see <see cref="TrainingOutcome.ExcludedColumns"/>).</summary>
    public bool ExcludeLeakyColumns { get; init; } = true;

    /// <summary>Whether the best trials may be combined by greedy ensemble selection when that validates better.</summary>
    public bool Ensemble { get; init; } = true;

    /// <summary>
    /// Multiclass tasks: whether each trial's probabilities (and an ensemble's average) are calibrated by temperature
    /// scaling, fitted on out-of-fold predictions; the bundle applies the same temperatures (<see cref="BundleInfo.Temperature"/>).
    /// </summary>
    public bool Calibrate { get; init; } = true;

    /// <summary>
    /// Whether the shipped members are refitted on all rows when the budget allows it. False serves what a member gets
    /// when the budget does not: the average of its cross-validation models (<see cref="TrainingOutcome.ServedModels"/>);
    /// for tests and comparisons.
    /// </summary>
    public bool Refit { get; init; } = true;

    /// <summary>
    /// Features computed from each row by an expression over its columns (docs/automl.md, "Custom features"); they are
    /// checked before training and stored in the bundle, which computes them again when it scores.
    /// </summary>
    public IReadOnlyList<CustomFeature> Features { get; init; } = [];

    /// <summary>
    /// Whether a latitude and longitude among the inputs get location features: the position along 16 compass
    /// directions, reported with the two columns under one name (docs/automl.md, "Location features").
    /// </summary>
    public bool LocationFeatures { get; init; } = true;

    /// <summary>
    /// Successive halving on data size: new configurations are screened on 1/9, then 1/3 of the rows, and only the best
    /// third of each step goes on to all rows (docs/automl.md). <see cref="HalvingMode.Auto"/> turns it on for large data.
    /// </summary>
    public HalvingMode Halving { get; init; } = HalvingMode.Auto;
}
