using System.ComponentModel.DataAnnotations;

namespace Augur.Platform.Configuration;

/// <summary>Settings under "Security": lockout and rate limits. Defaults suit a team of tens of people.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>Failed sign-ins within <see cref="FailureWindow"/> that lock an account.</summary>
    [Range(1, 1000)]
    public int MaxFailedSignIns { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Sign-in attempts per client address per minute.</summary>
    [Range(1, 1_000_000)]
    public int SignInPerMinute { get; set; } = 20;

    /// <summary>API requests per user (or address) per minute.</summary>
    [Range(1, 1_000_000)]
    public int ApiPerMinute { get; set; } = 1200;

    /// <summary>Prediction requests per user (or address) per minute.</summary>
    [Range(1, 1_000_000)]
    public int PredictPerMinute { get; set; } = 600;

    /// <summary>
    /// Reverse proxies (addresses such as "10.0.0.5" or networks such as "10.0.0.0/8") whose X-Forwarded-For and
    /// X-Forwarded-Proto headers are believed, so that the audit log and the rate limits see the real client.
    /// Loopback is always trusted; headers from anyone else are ignored, because a client could forge them.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];
    /// <summary>Prediction requests per minute for each endpoint key (an application's traffic, not a person's).</summary>
    [Range(1, int.MaxValue)]
    public int EndpointKeyPredictPerMinute { get; set; } = 600_000;
}
