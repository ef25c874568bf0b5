namespace Augur.Learning.Search;

/// <summary>
/// Proposes the next trial and learns from finished ones (the seam of Microsoft.ML.AutoML's ITuner).
/// A tuner must be able to rebuild its state by replaying <see cref="Update"/> with past observations, so that a
/// study can resume on another worker. Calls are sequential: a tuner need not be thread-safe.
/// </summary>
public interface ITuner
{
    /// <param name="trialNumber">1-based; the first trial should be a sensible default.</param>
    TrialSettings Propose(int trialNumber);

    void Update(TrialObservation observation);
}
