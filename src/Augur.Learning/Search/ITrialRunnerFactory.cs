using Augur.Learning.Training;

namespace Augur.Learning.Search;

/// <summary>
/// Chooses where the trials of a request run. The default (no factory) runs them in the training process; the platform
/// runs each in a child process with hard memory and time limits, so a runaway trial cannot take a worker down.
/// </summary>
public interface ITrialRunnerFactory
{
    /// <summary>A runner for trials on <paramref name="request"/>'s data; its runs may carry no <see cref="TrialRun.Model"/>.</summary>
    ITrialRunner Create(TrainingRequest request);
}
