namespace Augur.Platform.Training;

/// <summary>
/// The Quartz trigger priority of a training run. Quartz runs the earliest due trigger first and breaks ties by
/// priority; the person's choice sets the band, and every run the same user already has waiting or running lowers
/// it a little, so that among runs due together a user with few runs goes before a user with many.
/// (The per-user and per-project caps in TrainModelJob do the rest of the fair sharing.)
/// </summary>
public static class QueuePriority
{
    public const int Default = 60;

    public static int For(RunPriority priority, int otherActiveRunsOfUser) =>
        priority switch { RunPriority.Low => 30, RunPriority.High => 90, _ => 60 } - Math.Clamp(otherActiveRunsOfUser, 0, 9);
}
