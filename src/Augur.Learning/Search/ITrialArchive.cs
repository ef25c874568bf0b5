namespace Augur.Learning.Search;

/// <summary>
/// Trials that already ran elsewhere, kept with their out-of-fold predictions and their models: a study's trials,
/// stored by the workers that ran them. The worker that finalises the study reads its finalists from here instead of
/// validating them again, and so has the time they took for the refits (see <see cref="Training.AutoTrainer.PastTrials"/>).
/// </summary>
public interface ITrialArchive
{
    /// <summary>The stored run of the trial with these settings (its number names it), with its models; null when none was kept.</summary>
    Task<TrialRun?> FindAsync(TrialSettings settings, CancellationToken cancellationToken);
}
