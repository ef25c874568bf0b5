using System.Globalization;

namespace Augur.Platform.Training;

/// <summary>The hard limits of one trial in a child process, and how a stopped trial explains itself to an analyst.</summary>
public sealed record TrialLimits(int MemoryMb, TimeSpan Time)
{
    /// <summary>
    /// The managed cap does not see native memory (LightGBM's, ML.NET's buffers); the child is also stopped when its
    /// resident memory passes twice the cap plus room for the runtime itself.
    /// </summary>
    public long ResidentCeilingBytes => ((2L * MemoryMb) + 256) * 1024 * 1024;

    public string MemoryReason => string.Create(CultureInfo.InvariantCulture, $"This trial used more than {MemoryMb:N0} MB of memory and was stopped.");

    public string TimeReason => $"This trial ran past its {Describe(Time)} share of the budget and was stopped.";

    public static TrialLimits For(TrainingOptions options, TimeSpan budget)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new TrialLimits(options.TrialMemoryLimitMb, options.TimeLimitFor(budget));
    }

    /// <summary>"2-minute", "45-second", "1.5-second": the way the share reads in a sentence.</summary>
    private static string Describe(TimeSpan time) =>
        time.TotalMinutes >= 2 && time.TotalMinutes == Math.Floor(time.TotalMinutes) ? string.Create(CultureInfo.InvariantCulture, $"{time.TotalMinutes:0}-minute")
        : time.TotalSeconds >= 10 ? string.Create(CultureInfo.InvariantCulture, $"{Math.Round(time.TotalSeconds):0}-second")
        : string.Create(CultureInfo.InvariantCulture, $"{time.TotalSeconds:0.#}-second");
}
