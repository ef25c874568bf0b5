namespace Augur.Platform.Training;

/// <summary>What a person asks for: train on this dataset to predict this column, within this budget.</summary>
public sealed record StartTrainingRequest(Guid DatasetId, string Target, TimeSpan? Budget = null, int? Seed = null, string? ModelName = null)
{
    public RunPriority Priority { get; init; } = RunPriority.Normal;

    /// <summary>How many workers share the run's trials (1 to <see cref="TrainingRun.MaxParallelism"/>); null means 1.</summary>
    public int? Parallelism { get; init; }

    /// <summary>An optional cap on the number of trials, besides the time budget.</summary>
    public int? MaxTrials { get; init; }

    /// <summary>Early stopping: finish before the budget once this many trials in a row have found no better model; null never does.</summary>
    public int? EarlyStopping { get; init; }

    /// <summary>The task, when it should not be detected from the target (e.g. a 0/1 column predicted as an amount).</summary>
    public Augur.Learning.Training.TaskKind? Task { get; init; }

    /// <summary>The metric trials are ranked by (e.g. "prAuc", "mae"); null uses the task's usual one.</summary>
    public string? Metric { get; init; }

    /// <summary>Folds of cross-validation (2 to 10); null lets Augur choose from the data's size and the budget.</summary>
    public int? Folds { get; init; }

    /// <summary>Validate on the latest 20 % of rows by this column instead of cross-validation.</summary>
    public string? TimeColumn { get; init; }

    /// <summary>What the model should reach, e.g. "auc > 0.85" (<see cref="Augur.Learning.Training.TrainingGoal"/>); null for none.</summary>
    public string? Goal { get; init; }

    /// <summary>
    /// What the person wants in plain English (<see cref="Augur.Learning.Training.Requirement"/>), e.g. "predict which
    /// customers churn, AUC above 0.85": it gives the target, goal and budget the request leaves out.
    /// </summary>
    public string? Ask { get; init; }

    /// <summary>
    /// For a yes/no target: what a wrong "yes" and a missed "yes" cost. The model then says "yes" from the probability
    /// that makes mistakes cheapest on average, and trials are ranked by that cost; null maximises F1.
    /// </summary>
    public Augur.Learning.Training.BinaryCosts? Costs { get; init; }

    /// <summary>Columns the model must not learn from, e.g. one known only after the outcome (a call's duration); null for none.</summary>
    public IReadOnlyList<string>? Ignore { get; init; }

    /// <summary>Custom features by name, each an expression over the dataset's columns (docs/automl.md).</summary>
    public IReadOnlyDictionary<string, string>? Features { get; init; }
}

/// <summary>How urgent a run is, among runs waiting for a worker at the same time.</summary>
public enum RunPriority
{
    Low,
    Normal,
    High,
}
