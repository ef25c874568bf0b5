using System.ComponentModel.DataAnnotations;

namespace Augur.Platform.Deployments;

/// <summary>Settings under "Augur:Serving": the model cache, prediction logging and automatic rollback.</summary>
public sealed class ServingOptions
{
    /// <summary>Memory the cache of loaded models may use; least recently used models are unloaded past it.</summary>
    [Range(16, 1_000_000)]
    public int ModelCacheMegabytes { get; set; } = 2048;

    /// <summary>
    /// What a loaded model costs in memory beyond what grows with its bundle: its ML.NET context, pipeline, schemas and
    /// prediction engine, the same for every model (measured in bench/ModelMemory: about 1.3 MB resident per loaded,
    /// warmed-up model whether its bundle is 32 KB or 77 KB).
    /// </summary>
    [Range(0, 1_000_000)]
    public int ModelOverheadKilobytes { get; set; } = 1_280;

    /// <summary>
    /// What a loaded model costs per byte of its bundle file on top of <see cref="ModelOverheadKilobytes"/> (measured in
    /// bench/ModelMemory: the managed heap grows by about 3.2 bytes per bundle byte between a 32 KB and a 77 KB bundle).
    /// </summary>
    [Range(0.1, 100)]
    public double BundleMemoryFactor { get; set; } = 4;

    /// <summary>How long a node trusts its cached routes (which version an alias means) before it reads them again.</summary>
    public TimeSpan RouteRefresh { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a node trusts a checked endpoint key; a revoked key stops working on other nodes within this.</summary>
    public TimeSpan KeyRefresh { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Fraction of requests whose predictions are logged (0 to 1). Shadow answers are always logged.</summary>
    [Range(0.0, 1.0)]
    public double LogSampleRate { get; set; } = 0.1;

    /// <summary>Logged predictions waiting to be written; past this, new ones are dropped and counted.</summary>
    [Range(1, 1_000_000)]
    public int LogQueueCapacity { get; set; } = 10_000;

    /// <summary>Logged predictions older than this many days are deleted by a daily job.</summary>
    [Range(1, 36_500)]
    public int PredictionLogRetentionDays { get; set; } = 30;

    /// <summary>Shadow requests waiting to be scored; past this, new ones are dropped and counted.</summary>
    [Range(1, 1_000_000)]
    public int ShadowQueueCapacity { get; set; } = 1_000;

    /// <summary>The sliding window over which each target's error rate is measured for automatic rollback.</summary>
    public TimeSpan RollbackWindow { get; set; } = TimeSpan.FromMinutes(1);
}
