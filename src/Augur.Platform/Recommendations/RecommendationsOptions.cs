using System.ComponentModel.DataAnnotations;

namespace Augur.Platform.Recommendations;

/// <summary>Settings under "Recommendations": the nightly batch and what serving returns.</summary>
public sealed class RecommendationsOptions
{
    public const string Section = "Recommendations";

    /// <summary>When the batch precomputes every active customer's top k (Quartz cron, server time). Default: 02:00 every night.</summary>
    [Required]
    public string BatchCron { get; set; } = "0 0 2 * * ?";

    /// <summary>How many items the batch stores per customer; requests for more are computed live.</summary>
    [Range(1, 200)]
    public int BatchK { get; set; } = 20;

    /// <summary>A customer is active when their last event is this close to the newest event of the log.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan ActiveWithin { get; set; } = TimeSpan.FromDays(90);

    /// <summary>The model a training request gets when it names none.</summary>
    [Required]
    public string DefaultModel { get; set; } = "sar";

    /// <summary>
    /// How long a serving node trusts what it read about a project (its kind and the version it serves) before it
    /// asks the database again. A new version, a batch or an alias change on this node takes effect at once; on other
    /// nodes within this time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan ServingRefresh { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Requests a minute that one serving key (an endpoint key of the project) may make to the recommendation routes.</summary>
    [Range(1, int.MaxValue)]
    public int ServingKeyPerMinute { get; set; } = 600_000;

    /// <summary>Requests a minute that one person (session or personal API key) may make to the recommendation routes.</summary>
    [Range(1, int.MaxValue)]
    public int PeoplePerMinute { get; set; } = 6_000;
}
