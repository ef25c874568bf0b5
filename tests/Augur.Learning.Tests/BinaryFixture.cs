using Augur.Learning.Training;

namespace Augur.Learning.Tests;

/// <summary>One binary training run, shared read-only by the tests that only inspect its outcome.</summary>
public sealed class BinaryFixture : IAsyncLifetime
{
    public TrainingOutcome Outcome { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Outcome = await new AutoTrainer(TimeProvider.System).TrainAsync(Some.Request("churn"), null, CancellationToken.None);

    public Task DisposeAsync()
    {
        Outcome.Bundle.Dispose();
        return Task.CompletedTask;
    }
}
