namespace Augur.Learning.Search;

/// <summary>
/// Proposes the next trial and learns from finished ones (the seam of Microsoft.ML.AutoML's ITuner).
/// A tuner must be able to rebuild its state by replaying <see cref="Update"/> with past observations (and
/// <see cref="Pending"/> with the trials still running), so that a study can resume on another worker. Calls are
/// sequential: a tuner need not be thread-safe.
/// </summary>
public interface ITuner
{
    /// <summary>The next trial to run. It counts as running until <see cref="Update"/> reports it.</summary>
    /// <param name="trialNumber">1-based; the first trial should be a sensible default.</param>
    TrialSettings Propose(int trialNumber);

    void Update(TrialObservation observation);

    /// <summary>
    /// Tells a rebuilt tuner about a trial proposed earlier that is still running, as <see cref="Propose"/> would have
    /// recorded it, so that it is not proposed again while it runs. Tuners that do not track running trials ignore it.
    /// </summary>
    void Pending(TrialSettings settings)
    {
    }
}
