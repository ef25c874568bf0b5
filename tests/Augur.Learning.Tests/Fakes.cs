using Augur.Learning.Search;
using Augur.Learning.Training;
using Microsoft.Extensions.Time.Testing;

namespace Augur.Learning.Tests;

/// <summary>A trial runner that takes simulated time on a fake clock, one simulated second at a time.</summary>
internal sealed class SlowRunner(FakeTimeProvider clock, TimeSpan perTrial) : ITrialRunner
{
    public Func<TrialSettings, Exception?> Fail { get; init; } = _ => null;

    public Action<int>? OnTrial { get; init; }

    /// <summary>Each trial's loss; by default 1 / its number, so every trial is better than the one before.</summary>
    public Func<TrialSettings, double> Loss { get; init; } = settings => 1.0 / settings.Number;

    public Task<TrialRun> RunAsync(TrialSettings settings, CancellationToken cancellationToken)
    {
        OnTrial?.Invoke(settings.Number);
        for (var spent = TimeSpan.Zero; spent < perTrial; spent += TimeSpan.FromSeconds(1))
        {
            cancellationToken.ThrowIfCancellationRequested();
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (Fail(settings) is { } error)
        {
            throw error;
        }

        var loss = Loss(settings);
        return Task.FromResult(new TrialRun(new Dictionary<string, double> { ["rmse"] = loss }, loss));
    }
}

/// <summary>A tuner that proposes a fixed list of trainers in turn (with no parameters) and records what it was told.</summary>
internal sealed class ScriptedTuner(params string[] trainers) : ITuner, ITunerFactory
{
    public List<TrialObservation> Observations { get; } = [];

    public TrialSettings Propose(int trialNumber) =>
        new(trialNumber, trainers[(trialNumber - 1) % trainers.Length], new Dictionary<string, double>());

    public void Update(TrialObservation observation) => Observations.Add(observation);

    public ITuner Create(TaskKind task, IReadOnlyList<TrainerSpace> searchSpace, int seed) => new ScriptedSpaceTuner(trainers, searchSpace, this);

    /// <summary>Proposes the scripted trainers with their default parameters from the real search space.</summary>
    private sealed class ScriptedSpaceTuner(string[] trainers, IReadOnlyList<TrainerSpace> space, ScriptedTuner log) : ITuner
    {
        public TrialSettings Propose(int trialNumber)
        {
            var trainer = trainers[(trialNumber - 1) % trainers.Length];
            var parameters = space.FirstOrDefault(s => s.Trainer == trainer)?.Defaults() ?? new Dictionary<string, double>();
            return new TrialSettings(trialNumber, trainer, parameters);
        }

        public void Update(TrialObservation observation) => log.Update(observation);
    }
}

/// <summary>Every trial of a request takes <paramref name="perTrial"/> of simulated time (see <see cref="SlowRunner"/>).</summary>
internal sealed class SlowRunners(FakeTimeProvider clock, TimeSpan perTrial) : ITrialRunnerFactory
{
    public ITrialRunner Create(TrainingRequest request) => new SlowRunner(clock, perTrial);
}
