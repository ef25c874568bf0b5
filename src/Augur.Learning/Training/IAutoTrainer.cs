namespace Augur.Learning.Training;

/// <summary>Searches trainers and hyperparameters within the request's budget and returns the best pipeline.</summary>
public interface IAutoTrainer
{
    /// <exception cref="TrainingException">The data cannot be trained on (e.g. unknown target, one class only).</exception>
    Task<TrainingOutcome> TrainAsync(TrainingRequest request, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken);
}
