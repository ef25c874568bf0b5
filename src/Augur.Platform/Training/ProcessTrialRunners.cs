using Augur.Learning.Search;
using Augur.Learning.Training;
using Augur.Platform.Storage;
using Microsoft.Extensions.Logging;

namespace Augur.Platform.Training;

/// <summary>Gives each training request a <see cref="ProcessTrialRunner"/> whose time limit is its share of that request's budget.</summary>
/// <param name="workFolders">Where a trial's request and result files go: the store's private scratch area on the platform.</param>
public sealed class ProcessTrialRunners(TrainingOptions options, TrialExecutable executable, ILogger logger, Func<WorkFolder>? workFolders = null) : ITrialRunnerFactory
{
    public ITrialRunner Create(TrainingRequest request) => Runner(request);

    /// <summary>Each child hands its models back beside its result.</summary>
    public bool KeepsModels => true;

    /// <summary>A study's trials: the worker stores each child's models, unread, for the worker that finalises the study.</summary>
    public IArchivingTrialRunner CreateArchiving(TrainingRequest request) => Runner(request);

    private ProcessTrialRunner Runner(TrainingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ProcessTrialRunner(request, executable, TrialLimits.For(options, request.Budget), logger, workFolders);
    }
}
