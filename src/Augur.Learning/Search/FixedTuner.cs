using Augur.Learning.Training;

namespace Augur.Learning.Search;

/// <summary>
/// Proposes a given list of settings, in order, keeping their trial numbers, and learns nothing. It lets the whole
/// AutoTrainer pipeline (features, validation, ensemble, refit, bundle) run on trials that were chosen elsewhere:
/// one trial of a study spread over workers, or the study's best trials when it is finalised.
/// </summary>
public sealed class FixedTuner(IReadOnlyList<TrialSettings> settings) : ITuner, ITunerFactory
{
    public TrialSettings Propose(int trialNumber)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trialNumber, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(trialNumber, settings.Count);
        return settings[trialNumber - 1];
    }

    public void Update(TrialObservation observation)
    {
        // Nothing to learn: the proposals are fixed.
    }

    public ITuner Create(TaskKind task, IReadOnlyList<TrainerSpace> searchSpace, int seed) => this;
}
