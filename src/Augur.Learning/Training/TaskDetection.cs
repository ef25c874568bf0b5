using Augur.Data.Schema;

namespace Augur.Learning.Training;

/// <summary>Chooses binary, multiclass or regression from the target column, or checks a requested task.</summary>
public static class TaskDetection
{
    /// <summary>An integer target with at most this many distinct values is treated as classes.</summary>
    public const int MaxIntegerClasses = 20;

    /// <summary>
    /// The tasks a column of this type can train as before its values are counted (what <see cref="Detect"/> may choose):
    /// yes/no is binary; a number is binary with two values, else regression; a whole number may be any; a category or
    /// text is binary or multiclass. For checking a metric or a goal when a run is queued, before the data is read.
    /// </summary>
    public static IReadOnlyList<TaskKind> Possible(ColumnType type) => type switch
    {
        ColumnType.Boolean => [TaskKind.Binary],
        ColumnType.Number => [TaskKind.Binary, TaskKind.Regression],
        ColumnType.Integer => [TaskKind.Binary, TaskKind.Multiclass, TaskKind.Regression],
        _ => [TaskKind.Binary, TaskKind.Multiclass],
    };

    /// <param name="target">The target column.</param>
    /// <param name="distinctValues">Distinct non-missing target values in the data.</param>
    /// <param name="requested">The task asked for, or null to detect it.</param>
    /// <exception cref="TrainingException">The target cannot be learned, or cannot be learned as the requested task.</exception>
    public static TaskDecision Detect(ColumnSchema target, int distinctValues, TaskKind? requested = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (distinctValues < 2)
        {
            throw new TrainingException(distinctValues == 0
                ? $"The target '{target.Name}' has no values: every row is missing it."
                : $"The target '{target.Name}' has only one value, so there is nothing to predict. Choose another target or add rows with other values.");
        }

        var numeric = target.Type is ColumnType.Integer or ColumnType.Number;
        if (requested is { } task)
        {
            if (task == TaskKind.Regression && !numeric)
            {
                throw new TrainingException($"Regression needs a numeric target, but '{target.Name}' is {target.Type.ToString().ToLowerInvariant()}.");
            }

            if (task == TaskKind.Binary && distinctValues != 2)
            {
                throw new TrainingException($"Binary classification needs a target with two values, but '{target.Name}' has {distinctValues}. Use multiclass instead.");
            }

            return new TaskDecision(task, $"The task {task.ToString().ToLowerInvariant()} was requested.");
        }

        if (target.Type == ColumnType.Boolean)
        {
            var words = target.Labels is { } spelling ? $"{spelling.True}/{spelling.False}" : "true/false";
            return new TaskDecision(TaskKind.Binary, $"The target '{target.Name}' is {words}.");
        }

        if (distinctValues == 2)
        {
            return new TaskDecision(TaskKind.Binary, $"The target '{target.Name}' has exactly two values.");
        }

        if (!numeric)
        {
            return new TaskDecision(TaskKind.Multiclass, $"The target '{target.Name}' is {target.Type.ToString().ToLowerInvariant()} with {distinctValues} values.");
        }

        if (target.Type == ColumnType.Integer && distinctValues <= MaxIntegerClasses)
        {
            return new TaskDecision(TaskKind.Multiclass,
                $"The target '{target.Name}' is a whole number with only {distinctValues} values (at most {MaxIntegerClasses}), so each value is a class.");
        }

        return new TaskDecision(TaskKind.Regression, $"The target '{target.Name}' is numeric with {distinctValues} values.");
    }
}
