using Microsoft.ML;

namespace Augur.Learning.Search;

/// <summary>
/// What a trial runner measured. <see cref="Loss"/> is lower-is-better (maximised metrics are negated);
/// <see cref="Model"/> is the fitted pipeline when the runner keeps one, null when it only measures.
/// </summary>
public sealed record TrialRun(IReadOnlyDictionary<string, double> Metrics, double Loss, ITransformer? Model = null)
{
    /// <summary>The validation predictions behind <see cref="Metrics"/>, when the runner keeps them (for thresholds, lift and ensembles).</summary>
    public OutOfFold? OutOfFold { get; init; }

    /// <summary>The metric <see cref="Loss"/> was computed from, when the runner says so (e.g. "auc").</summary>
    public string? Metric { get; init; }

    /// <summary>The metrics of each validation fold, in fold order, when the runner measured them.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, double>> FoldMetrics { get; init; } = [];

    /// <summary>How many rows the trial fitted on (per fold), when the runner says; less than all with successive halving.</summary>
    public int? TrainingRows { get; init; }

    /// <summary>
    /// The model of each validation fold, in fold order, when the runner keeps them (in-process k-fold trials on all rows;
    /// <see cref="Model"/> is the last); empty otherwise. A member that cannot be refitted on all rows in the budget serves
    /// their average. Only the candidates of a search keep them (<see cref="SearchResult.Candidates"/>).
    /// </summary>
    public IReadOnlyList<ITransformer> FoldModels { get; init; } = [];
}
