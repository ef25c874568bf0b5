using Augur.Learning.Training;

namespace Augur.Learning.Search;

/// <summary>Creates the tuner of one training run; plug a CFO or TPE tuner in here.</summary>
public interface ITunerFactory
{
    /// <param name="task">The detected or requested task.</param>
    /// <param name="searchSpace">The trainers available for the task; the first is the default.</param>
    /// <param name="seed">The run's seed: the same seed must give the same proposals.</param>
    ITuner Create(TaskKind task, IReadOnlyList<TrainerSpace> searchSpace, int seed);
}
