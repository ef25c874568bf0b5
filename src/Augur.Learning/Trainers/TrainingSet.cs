using Augur.Learning.Features;
using Augur.Learning.Training;
using Microsoft.ML;

namespace Augur.Learning.Trainers;

/// <summary>Encoded rows of one run with their seeded holdout split (80/20, stratified for classification).</summary>
internal sealed class TrainingSet
{
    public const double HoldoutFraction = 0.2;

    public TrainingSet(TaskKind task, FeaturePlan plan, IReadOnlyList<string> labels, IReadOnlyList<FeatureRow> rows, int seed)
    {
        Task = task;
        Plan = plan;
        Labels = labels;
        All = rows;
        Definition = plan.Definition(task, labels.Count);
        var holdout = HoldoutIndices(task, rows, seed);
        Train = [.. rows.Where((_, i) => !holdout.Contains(i))];
        Validation = [.. rows.Where((_, i) => holdout.Contains(i))];
    }

    public TaskKind Task { get; }

    public FeaturePlan Plan { get; }

    public IReadOnlyList<string> Labels { get; }

    public IReadOnlyList<FeatureRow> All { get; }

    public IReadOnlyList<FeatureRow> Train { get; }

    public IReadOnlyList<FeatureRow> Validation { get; }

    public Microsoft.ML.Data.SchemaDefinition Definition { get; }

    public IDataView Load(MLContext ml, IReadOnlyList<FeatureRow> rows) => ml.Data.LoadFromEnumerable(rows, Definition);

    private static HashSet<int> HoldoutIndices(TaskKind task, IReadOnlyList<FeatureRow> rows, int seed)
    {
        var random = new Random(seed);
        var groups = Enumerable.Range(0, rows.Count).GroupBy(i => task switch
        {
            TaskKind.Binary => rows[i].Flag ? 1u : 0u,
            TaskKind.Multiclass => rows[i].Class,
            _ => 0u,
        }).OrderBy(g => g.Key);
        var holdout = new HashSet<int>();
        foreach (var group in groups)
        {
            var members = group.ToArray();
            random.Shuffle(members);
            // Every class with at least two rows keeps one on each side, so validation sees every class.
            var take = members.Length < 2 ? 0 : Math.Clamp((int)Math.Round(members.Length * HoldoutFraction), 1, members.Length - 1);
            holdout.UnionWith(members.Take(take));
        }

        return holdout;
    }
}
