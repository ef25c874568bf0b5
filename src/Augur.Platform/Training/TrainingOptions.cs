using System.ComponentModel.DataAnnotations;
using Augur.Learning.Training;

namespace Augur.Platform.Training;

/// <summary>Settings under "Training": how trials are isolated from the worker that runs them (docs/scaling.md).</summary>
public sealed class TrainingOptions
{
    public const string Section = "Training";

    /// <summary>Process (default): each trial in a child process with hard limits. InProcess: in the worker itself.</summary>
    public TrialIsolation TrialIsolation { get; set; } = TrialIsolation.Process;

    /// <summary>A trial's managed-memory cap in MB (the child's DOTNET_GCHeapHardLimit); past it the trial fails.</summary>
    [Range(8, 1_048_576)]
    public int TrialMemoryLimitMb { get; set; } = 2048;

    /// <summary>The share of a run's time budget one trial may take before it is stopped.</summary>
    [Range(0.01, 1.0)]
    public double TrialTimeShare { get; set; } = 0.5;

    /// <summary>A trial's time limit is never below this, however small the budget (a child needs a moment to start).</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "1.00:00:00")]
    public TimeSpan MinimumTrialTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A fixed time limit for every trial, instead of the share of the budget; null (default) uses the share.</summary>
    public TimeSpan? TrialTimeLimit { get; set; }

    /// <summary>
    /// The `augur` executable (or augur.dll) that runs trials. Empty: the running augur itself; a host that is not the
    /// augur CLI (a test host) then runs trials in process.
    /// </summary>
    public string? TrialExecutable { get; set; }

    /// <summary>
    /// Successive halving on data size, for single runs and studies alike: Auto (default) screens new settings on shares
    /// of the rows from 100,000 rows; On from any size; Off never (docs/automl.md).
    /// </summary>
    public HalvingMode Halving { get; set; } = HalvingMode.Auto;

    /// <summary>The wall-clock limit of one trial of a run with this budget.</summary>
    public TimeSpan TimeLimitFor(TimeSpan budget) =>
        TrialTimeLimit ?? TimeSpan.FromTicks(Math.Max(MinimumTrialTime.Ticks, (long)(budget.Ticks * TrialTimeShare)));
}
