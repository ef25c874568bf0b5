using Augur.Data.Schema;
using Augur.Learning.Training;

namespace Augur.Learning.Tests;

public sealed class TaskDetectionTests
{
    private static ColumnSchema Column(ColumnType type) => new("target", type, false, ColumnRole.Feature);

    [Theory]
    [InlineData(ColumnType.Boolean, 2, TaskKind.Binary)]
    [InlineData(ColumnType.Categorical, 2, TaskKind.Binary)]
    [InlineData(ColumnType.Number, 2, TaskKind.Binary)]
    [InlineData(ColumnType.Categorical, 5, TaskKind.Multiclass)]
    [InlineData(ColumnType.Text, 3, TaskKind.Multiclass)]
    [InlineData(ColumnType.Integer, 7, TaskKind.Multiclass)]
    [InlineData(ColumnType.Integer, 20, TaskKind.Multiclass)]
    [InlineData(ColumnType.Integer, 21, TaskKind.Regression)]
    [InlineData(ColumnType.Number, 3, TaskKind.Regression)]
    public void The_task_follows_the_target_type_and_its_number_of_values(ColumnType type, int distinct, TaskKind expected)
    {
        var decision = TaskDetection.Detect(Column(type), distinct);

        Assert.Equal(expected, decision.Task);
        Assert.Contains("'target'", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_requested_task_wins_over_detection()
    {
        Assert.Equal(TaskKind.Regression, TaskDetection.Detect(Column(ColumnType.Integer), 5, TaskKind.Regression).Task);
        Assert.Equal(TaskKind.Multiclass, TaskDetection.Detect(Column(ColumnType.Categorical), 2, TaskKind.Multiclass).Task);
    }

    [Fact]
    public void Impossible_requests_and_single_valued_targets_are_refused()
    {
        Assert.Throws<TrainingException>(() => TaskDetection.Detect(Column(ColumnType.Categorical), 3, TaskKind.Regression));
        Assert.Throws<TrainingException>(() => TaskDetection.Detect(Column(ColumnType.Categorical), 3, TaskKind.Binary));
        Assert.Throws<TrainingException>(() => TaskDetection.Detect(Column(ColumnType.Number), 1));
    }
}
