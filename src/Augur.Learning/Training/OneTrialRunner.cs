using Augur.Learning.Search;
using Augur.Learning.Trainers;

namespace Augur.Learning.Training;

/// <summary>
/// Runs single trials on a request's data: prepares it once exactly as <see cref="AutoTrainer"/> does (task, features,
/// leak checks, folds), then cross-validates each given setting with the same <see cref="CrossValidationTrialRunner"/>.
/// This is the light one-trial seam: a study worker's trial and the `augur trial` child process use it instead of a
/// whole AutoTrainer run (no refit, no importance, no bundle).
/// </summary>
public sealed class OneTrialRunner(TrainingRequest request) : ITrialRunner, IArchivingTrialRunner
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

    /// <summary>Runs the trial and writes its models to <paramref name="modelsPath"/> (see <see cref="TrySaveModelsAsync"/>).</summary>
    public async Task<ArchivedRun> RunAsync(TrialSettings settings, string? modelsPath, CancellationToken cancellationToken)
    {
        var run = await RunAsync(settings, cancellationToken).ConfigureAwait(false);
        var saved = modelsPath is not null && await TrySaveModelsAsync(settings, run, modelsPath, null, cancellationToken).ConfigureAwait(false);
        return new ArchivedRun(run, saved);
    }

    /// <summary>
    /// Writes the models of a trial this runner ran on all rows to <paramref name="path"/> (see
    /// <see cref="TrialModelArchive"/>). False, and nothing written, for a screening trial on a share of the rows, which is
    /// never served, and when writing failed (<paramref name="failed"/> hears why): the trial's measurements stand, and
    /// whoever serves it fits its models itself.
    /// </summary>
    public async Task<bool> TrySaveModelsAsync(TrialSettings settings, TrialRun run, string path, Action<Exception>? failed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(run);
        if (_runner is null || !settings.IsFullData)
        {
            return false;
        }

        try
        {
            return await TrialModelArchive.WriteAsync(_runner, run, path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            failed?.Invoke(ex);
            File.Delete(path);
            return false;
        }
    }

    private sealed class InProcessFactory : ITrialRunnerFactory
    {
        public ITrialRunner Create(TrainingRequest request) => new OneTrialRunner(request);

        public IArchivingTrialRunner CreateArchiving(TrainingRequest request) => new OneTrialRunner(request);
    }
}
