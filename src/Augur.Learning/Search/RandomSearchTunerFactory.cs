using Augur.Learning.Training;

namespace Augur.Learning.Search;

/// <summary>The default tuner factory: <see cref="RandomSearchTuner"/>.</summary>
public sealed class RandomSearchTunerFactory : ITunerFactory
{
    public ITuner Create(TaskKind task, IReadOnlyList<TrainerSpace> searchSpace, int seed) => new RandomSearchTuner(searchSpace, seed);
}
