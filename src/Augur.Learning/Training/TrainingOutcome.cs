using Augur.Learning.Bundles;

namespace Augur.Learning.Training;

/// <summary>The result of <see cref="IAutoTrainer.TrainAsync"/>: the winning bundle plus every trial tried.</summary>
public sealed record TrainingOutcome(
    ModelBundle Bundle,
    IReadOnlyList<TrialResult> Leaderboard,
    TrialResult Best,
    TaskKind Task,
    string Metric,
    TimeSpan Duration)
{
    /// <summary>Why this task was chosen, e.g. "The target 'Churn' has exactly two values."</summary>
    public string TaskReason { get; init; } = "";

    /// <summary>
    /// True when the bundle's model (every member of an ensemble) was refitted on all rows; false when it, or some members
    /// (refits go heaviest first, each one the budget still allows), serve their cross-validation models instead: the
    /// average of the k fold models with k-fold validation, the last fold's model otherwise (see <see cref="ServedModels"/>).
    /// </summary>
    public bool RefittedOnAllData { get; init; }

    /// <summary>
    /// How the served model was made, in words: e.g. "The model is refitted on all rows." or "The model is the average of
    /// its 3 cross-validation models (each fitted on 2/3 of the rows)."; for an ensemble, how many members are which.
    /// </summary>
    public string ServedModels { get; init; } = "";

    /// <summary>How trials were validated: "5-fold", "3-fold" (small data with a short budget), "holdout" or "time"; every trial of a run used the same.</summary>
    public string Validation { get; init; } = "holdout";

    /// <summary>Binary tasks: the probability at or above which the positive label is predicted (stored in the bundle).</summary>
    public double? Threshold { get; init; }

    /// <summary>Binary tasks: deciles of the best trial's validation predictions, most likely first.</summary>
    public IReadOnlyList<LiftRow> LiftTable { get; init; } = [];

    /// <summary>Permutation importance of each input column for the winning model, most important first.</summary>
    public IReadOnlyList<FeatureImportance> FeatureImportance { get; init; } = [];

    /// <summary>
    /// The bundle's models when it holds more than one (see <see cref="BundleInfo.Ensemble"/>): one entry per member
    /// refitted on all rows, one per fold for a member served as the average of its cross-validation models (same trial,
    /// <see cref="EnsembleMember.Fold"/> set); empty for a single model.
    /// </summary>
    public IReadOnlyList<EnsembleMember> Ensemble { get; init; } = [];

    /// <summary>
    /// Validation metrics of what the bundle serves: the ensemble's when there is one, otherwise the best trial's
    /// (<see cref="Best"/>'s metrics).
    /// </summary>
    public IReadOnlyDictionary<string, double> ValidationMetrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Input columns left out, e.g. because alone they nearly predict the target (a leak).</summary>
    public IReadOnlyList<ExcludedColumn> ExcludedColumns { get; init; } = [];

    /// <summary>Columns not used as inputs because they are identifiers (a different value on nearly every row).</summary>
    public IReadOnlyList<string> IdentifierColumns { get; init; } = [];

    /// <summary>
    /// The latitude and longitude pairs that got location features, as the importance names them ("latitude + longitude");
    /// see <see cref="TrainingRequest.LocationFeatures"/>.
    /// </summary>
    public IReadOnlyList<string> LocationFeatures { get; init; } = [];

    /// <summary>Whether new configurations were screened on subsamples first (successive halving; see <see cref="TrainingRequest.Halving"/>).</summary>
    public bool Halving { get; init; }

    /// <summary>Whether the search ended early because it stopped finding better models (<see cref="TrainingRequest.EarlyStopping"/>).</summary>
    public bool StoppedEarly { get; init; }

    /// <summary>What the run found, for people: the bundle's own report (the one source), or one made now for a bundle without it.</summary>
    public TrainingReport Report => Bundle.Report ?? TrainingReport.From(this);
}
