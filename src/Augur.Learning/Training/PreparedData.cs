using Augur.Data.Schema;
using Augur.Learning.Features;
using Augur.Learning.Trainers;

namespace Augur.Learning.Training;

/// <summary>What <see cref="AutoTrainer.PrepareAsync"/> built from a request: the task, the features, the encoded rows and their folds.</summary>
internal sealed record PreparedData(
    ColumnSchema Target,
    TaskDecision Decision,
    IReadOnlyList<string> Labels,
    IReadOnlyList<ColumnSchema> Inputs,
    FeaturePlan Plan,
    List<FeatureRow> Encoded,
    List<ExcludedColumn> Excluded,
    TrainingSet Data,
    string Metric);
