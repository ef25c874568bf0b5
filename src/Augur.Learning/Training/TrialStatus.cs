namespace Augur.Learning.Training;

/// <summary>A failed trial is data, not a crash of the run (DESIGN.md, convention 6).</summary>
public enum TrialStatus
{
    Succeeded,
    Failed,
    Cancelled,

    /// <summary>Claimed by a worker of a study spread over workers and not finished yet (the platform's trials table only).</summary>
    Running,
}
