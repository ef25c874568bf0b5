using Augur.Learning.Search;
using Augur.Learning.Trainers;

namespace Augur.Learning.Training;

/// <summary>
/// Runs single trials on a request's data: prepares it once exactly as <see cref="AutoTrainer"/> does (task, features,
/// leak checks, folds), then cross-validates each given setting with the same <see cref="CrossValidationTrialRunner"/>.
/// This is the light one-trial seam: a study worker's trial and the `augur trial` child process use it instead of a
/// whole AutoTrainer run (no refit, no importance, no bundle).
/// </summary>
public sealed class OneTrialRunner(TrainingRequest request) : ITrialRunner
{
    /// <summary>The in-process choice, for code that takes a factory.</summary>
    public static ITrialRunnerFactory InProcess { get; } = new InProcessFactory();

    private CrossValidationTrialRunner? _runner;

    /// <summary>How long reading and preparing the data took (zero until the first trial, and for later trials).</summary>
    public TimeSpan PreparationTime { get; private set; }

    /// <exception cref="TrainingException">The data cannot be trained on (e.g. the target is missing).</exception>
    public async Task<TrialRun> RunAsync(TrialSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (_runner is null)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var prepared = await AutoTrainer.PrepareAsync(request, cancellationToken).ConfigureAwait(false);
            _runner = new CrossValidationTrialRunner(prepared.Data, request.Seed, prepared.Metric, request.Costs, request.Calibrate);
            PreparationTime = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        }

        return await _runner.RunAsync(settings, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes the models of a trial this runner ran on all rows to <paramref name="path"/> (see
    /// <see cref="TrialModelArchive"/>); false, and nothing written, for a screening trial on a share of the rows, which is
    /// never served.
    /// </summary>
    public Task<bool> SaveModelsAsync(TrialSettings settings, TrialRun run, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(run);
        return _runner is null || !settings.IsFullData
            ? Task.FromResult(false)
            : TrialModelArchive.WriteAsync(_runner, run, path, cancellationToken);
    }

    private sealed class InProcessFactory : ITrialRunnerFactory
    {
        public ITrialRunner Create(TrainingRequest request) => new OneTrialRunner(request);
    }
}
