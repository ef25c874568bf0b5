namespace Augur.Learning.Search;

/// <summary>
/// Runs a trial and can leave its models in a file (<see cref="Training.TrialModelArchive"/>), for another process to
/// serve: a study's trial, which the worker that finalises the study reads back (<see cref="ITrialArchive"/>).
/// </summary>
public interface IArchivingTrialRunner
{
    /// <param name="modelsPath">Where the models go; null to keep none (the trial is only measured).</param>
    /// <returns>
    /// The run, and whether its models were written. None are for a screening trial on a share of the rows, nor when
    /// writing them failed: the measurements stand, and whoever serves the trial fits its models itself.
    /// </returns>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    /// <remarks>Any other exception marks the trial as failed, as <see cref="ITrialRunner.RunAsync"/>'s do.</remarks>
    Task<ArchivedRun> RunAsync(TrialSettings settings, string? modelsPath, CancellationToken cancellationToken);
}

/// <summary>A trial's run, and whether its models were written to the file its runner was given.</summary>
public sealed record ArchivedRun(TrialRun Run, bool ModelsSaved);
