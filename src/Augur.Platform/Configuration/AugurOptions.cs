using System.ComponentModel.DataAnnotations;
using Augur.Platform.Deployments;

namespace Augur.Platform.Configuration;

/// <summary>Settings under "Augur". <see cref="DataDirectory"/> can also come from the AUGUR_DATA variable.</summary>
public sealed class AugurOptions
{
    public const string Section = "Augur";

    /// <summary>Where the SQLite database, uploaded files and model bundles live. Default: ./augur-data.</summary>
    [Required]
    public string DataDirectory { get; set; } = "augur-data";

    /// <summary>The initial admin password; when empty Augur generates one and prints it once.</summary>
    public string? AdminPassword { get; set; }

    public string AdminUserName { get; set; } = "admin";

    /// <summary>Create the demo project (Telco churn) on the first start.</summary>
    public bool SeedDemo { get; set; } = true;

    /// <summary>Time budget used when a training request does not give one.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan DefaultTrainingBudget { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest file accepted by an upload.</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>
    /// How much each user's projects may store (uploaded files and model bundles), in bytes; 0 means no limit.
    /// Counted against the owner of the project, whoever uploads.
    /// </summary>
    [Range(0, long.MaxValue)]
    public long StorageQuotaPerUserBytes { get; set; } = 20L * 1024 * 1024 * 1024;

    /// <summary>
    /// Training runs one user may have running at once, across all nodes; more wait in the queue. This is what keeps
    /// one person's hundred runs from taking every worker while a colleague's single run waits.
    /// </summary>
    [Range(1, 1000)]
    public int MaxConcurrentRunsPerUser { get; set; } = 2;

    /// <summary>Training runs one project may have running at once, across all nodes.</summary>
    [Range(1, 1000)]
    public int MaxConcurrentRunsPerProject { get; set; } = 2;

    /// <summary>How many jobs this node runs at once. 0: this node only schedules, other nodes (`augur worker`) run.</summary>
    [Range(0, 64)]
    public int Workers { get; set; } = 2;

    /// <summary>A server seeds the admin and the demo project; a worker only runs jobs.</summary>
    public NodeRole Role { get; set; } = NodeRole.Server;

    /// <summary>Online serving: the model cache's memory cap, prediction logging, automatic rollback.</summary>
    public ServingOptions Serving { get; set; } = new();

    /// <summary>Watching live models: how often and over what window their inputs are compared with their training data.</summary>
    public Monitoring.MonitoringOptions Monitoring { get; set; } = new();
}
