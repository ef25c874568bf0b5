namespace Augur.Platform.Training;

/// <summary>Where a training run's trials run (Training:TrialIsolation).</summary>
public enum TrialIsolation
{
    /// <summary>Each trial in a child `augur trial` process with a memory cap and a time limit: a runaway trial is stopped, the worker lives on.</summary>
    Process,

    /// <summary>Each trial in the worker's own process: no start-up cost, but a trial that runs out of memory takes the worker with it.</summary>
    InProcess,
}
