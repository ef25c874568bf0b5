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
    /// <summary>
    /// Encrypt uploaded files, datasets and model bundles at rest (AES-256-GCM, one key per file, wrapped by the Data
    /// Protection key ring). Turning it off stores new files in the clear; files already encrypted stay readable.
    /// </summary>
    public bool EncryptArtifacts { get; set; } = true;

    /// <summary>
    /// Where the Data Protection key ring lives (default: the data folder's "keys"). Keep it on another volume than
    /// the data, or protect it with <see cref="KeyRingCertificate"/>, so that a copy of the data alone cannot be read.
    /// </summary>
    public string? KeyRingDirectory { get; set; }

    /// <summary>A PFX certificate that encrypts the key ring's XML files (ProtectKeysWithCertificate); optional.</summary>
    public string? KeyRingCertificate { get; set; }

    /// <summary>The password of <see cref="KeyRingCertificate"/>; never logged.</summary>
    public string? KeyRingCertificatePassword { get; set; }

    /// <summary>Prediction requests per minute for each endpoint key (an application's traffic, not a person's).</summary>
    [Range(1, int.MaxValue)]
    public int EndpointKeyPredictPerMinute { get; set; } = 600_000;
}
