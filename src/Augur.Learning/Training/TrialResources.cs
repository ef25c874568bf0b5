namespace Augur.Learning.Training;

/// <summary>
/// Resource use sampled around one trial. These are process-wide figures, not the trial's alone: anything else the
/// process does at the same time (another run, serving) is counted too. Trials of one search run one at a time, so
/// on a quiet worker they are close to the trial's own cost.
/// </summary>
/// <param name="AllocatedBytes">Managed bytes allocated by the process while the trial ran (GC.GetTotalAllocatedBytes).</param>
/// <param name="CpuTime">Processor time the process used while the trial ran, over all cores.</param>
/// <param name="WorkingSetBytes">The process's working set (resident memory) when the trial ended.</param>
public sealed record TrialResources(long AllocatedBytes, TimeSpan CpuTime, long WorkingSetBytes)
{
    /// <summary>Takes the "before" sample; <see cref="Sample.Stop"/> gives the figures.</summary>
    public static Sample Start() => new(GC.GetTotalAllocatedBytes(precise: false), CurrentCpu());

    private static TimeSpan CurrentCpu()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    public readonly record struct Sample(long AllocatedBefore, TimeSpan CpuBefore)
    {
        public TrialResources Stop()
        {
            using var process = System.Diagnostics.Process.GetCurrentProcess();
            return new TrialResources(
                Math.Max(0, GC.GetTotalAllocatedBytes(precise: false) - AllocatedBefore),
                process.TotalProcessorTime - CpuBefore,
                process.WorkingSet64);
        }
    }
}
