namespace Augur.Learning.Training;

/// <summary>What a study's search space depends on: the task, and the rows with a target (the catalog's choices change with size).</summary>
public sealed record StudyTask(TaskKind Kind, int Rows);
