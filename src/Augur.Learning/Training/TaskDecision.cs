namespace Augur.Learning.Training;

/// <summary>The task a run trains for, and why (shown to the analyst).</summary>
public sealed record TaskDecision(TaskKind Task, string Reason);
