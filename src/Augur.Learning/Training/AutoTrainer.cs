namespace Augur.Learning.Training;

// Placeholder on main until the learning branch lands.
public sealed class AutoTrainer(TimeProvider clock) : IAutoTrainer
{
    public TimeProvider Clock { get; } = clock;

    public Task<TrainingOutcome> TrainAsync(TrainingRequest request, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken) =>
        throw new NotImplementedException();
}
