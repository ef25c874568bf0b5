namespace Augur.Platform.Scoring;

public enum ScoringStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}
