using Augur.Learning.Training;

namespace Augur.Learning.Search;

/// <summary>The default tuner factory: <see cref="CostFrugalTuner"/>.</summary>
public sealed class CostFrugalTunerFactory : ITunerFactory
{
    public ITuner Create(TaskKind task, IReadOnlyList<TrainerSpace> searchSpace, int seed) => new CostFrugalTuner(searchSpace, seed);
}
