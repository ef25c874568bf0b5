namespace Augur.Learning.Training;

/// <summary>A failed trial is data, not a crash of the run (DESIGN.md, convention 6).</summary>
public enum TrialStatus
{
    Succeeded,
    Failed,
    Cancelled,
}
