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

    /// <summary>
    /// Whether its runs on all rows carry their models (<see cref="TrialRun.Model"/> and <see cref="TrialRun.FoldModels"/>),
    /// as in-process trials do. When not, the training process fits each shipped member's last fold again, and keeps time
    /// for that.
    /// </summary>
    bool KeepsModels => false;

    /// <summary>
    /// A runner for a study's trials, which can write each trial's models to a file for the worker that finalises the
    /// study. This default writes none: the finalising worker then validates that trial again.
    /// </summary>
    IArchivingTrialRunner CreateArchiving(TrainingRequest request) => new MeasuringOnly(Create(request));

    private sealed class MeasuringOnly(ITrialRunner runner) : IArchivingTrialRunner
    {
        public async Task<ArchivedRun> RunAsync(TrialSettings settings, string? modelsPath, CancellationToken cancellationToken) =>
            new(await runner.RunAsync(settings, cancellationToken).ConfigureAwait(false), ModelsSaved: false);
    }
}
