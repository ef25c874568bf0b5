using System.ComponentModel.DataAnnotations;

namespace Augur.Platform.Monitoring;

/// <summary>Settings under "Augur:Monitoring": the drift check of live endpoints and the alerts it raises.</summary>
public sealed class MonitoringOptions
{
    /// <summary>The recent predictions compared with the training data: those logged within this window.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Logged predictions a verdict needs. By chance alone the stability index is about (buckets − 1) / predictions, so
    /// with 10 buckets and 300 predictions it stays near 0.03, well under the 0.1 at which a column counts as shifting.
    /// </summary>
    [Range(10, 1_000_000)]
    public int MinPredictions { get; set; } = 300;

    /// <summary>At most this many of the newest logged predictions are read per version.</summary>
    [Range(100, 1_000_000)]
    public int MaxPredictions { get; set; } = 5_000;

    /// <summary>
    /// How many predictions with their outcome sent back a version needs before Augur judges how right it is on them
    /// (<see cref="LiveAccuracyService"/>): an AUC on 100 customers is still uncertain by a few hundredths, so only a large
    /// fall ("much worse") raises an alert.
    /// </summary>
    [Range(10, 1_000_000)]
    public int MinOutcomes { get; set; } = 100;

    /// <summary>When the drift check runs (a Quartz cron expression; every hour by default).</summary>
    public string Cron { get; set; } = "0 5 * * * ?";

    /// <summary>
    /// Whether alert webhooks may point at this machine or a private network (10.x, 192.168.x, 169.254.x, …), e.g. a
    /// chat relay inside the company, and use http there. Off by default: any user can own a project, and a webhook
    /// would otherwise let them make the server call internal addresses.
    /// </summary>
    public bool AllowPrivateWebhooks { get; set; }
}
