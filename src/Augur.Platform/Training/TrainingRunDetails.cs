namespace Augur.Platform.Training;

/// <summary>
/// The large parts of a succeeded run: its leaderboard (up to <see cref="TrainingRun.LeaderboardLimit"/> trials, tens of
/// kilobytes) and its report. They stay in the run's own row (EF Core table splitting, so no schema change), but as an
/// entity of their own they are read only when asked for (<c>Include(r => r.Details)</c>): a list of runs (the project
/// page opens with up to 200, and a Blazor circuit keeps them) needs neither.
/// </summary>
public sealed class TrainingRunDetails
{
    /// <summary>The run's id (the row is the run's).</summary>
    public Guid Id { get; private set; }

    /// <summary>The best <see cref="TrainingRun.LeaderboardLimit"/> trials, best first; every trial is in the Trials table (Experiments).</summary>
    public string? LeaderboardJson { get; private set; }

    /// <summary>
    /// Succeeded runs: what the run found, for people (<see cref="Augur.Learning.Training.TrainingReport"/> as JSON: which
    /// columns matter most, the lift table, the columns left out and why); null for runs from before it was kept.
    /// </summary>
    public string? ReportJson { get; private set; }

    private TrainingRunDetails() { }

    internal TrainingRunDetails(Guid runId) => Id = runId;

    internal void Record(string leaderboardJson, string? reportJson)
    {
        LeaderboardJson = leaderboardJson;
        ReportJson = reportJson;
    }
}
