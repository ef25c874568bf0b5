using Augur.Data.Schema;

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

    public int Seed { get; init; } = 42;

    /// <summary>Null means "detect from the target column".</summary>
    public TaskKind? Task { get; init; }
}
