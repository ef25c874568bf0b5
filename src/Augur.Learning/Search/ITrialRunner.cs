namespace Augur.Learning.Search;

/// <summary>
/// Trains and evaluates one trial (the seam of Microsoft.ML.AutoML's ITrialRunner). The platform can run trials on
/// other workers behind this interface.
/// </summary>
public interface ITrialRunner
{
    /// <exception cref="OperationCanceledException">The token was cancelled (external cancellation or the budget ran out).</exception>
    /// <remarks>Any other exception marks the trial as failed; the search goes on.</remarks>
    Task<TrialRun> RunAsync(TrialSettings settings, CancellationToken cancellationToken);
}
