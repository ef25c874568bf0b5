using Microsoft.Extensions.Options;

namespace Augur.Platform.Configuration;

/// <summary>Resolves every on-disk location from the configured data directory, so no other code builds paths.</summary>
public sealed class AugurPaths(IOptions<AugurOptions> options)
{
    public string Root { get; } = Path.GetFullPath(options.Value.DataDirectory);

    public string Artifacts => Path.Combine(Root, "artifacts");

    /// <summary>Decrypted working copies while a job runs; see <see cref="Storage.WorkFolder"/>.</summary>
    public string Scratch => Path.Combine(Root, "scratch");

    /// <summary>The Data Protection key ring unless Security:KeyRingDirectory names another place.</summary>
    public string DefaultKeyRing => Path.Combine(Root, "keys");

    public string SqliteDatabase => Path.Combine(Root, "augur.db");

    public static string DemoDataFile => Path.Combine(AppContext.BaseDirectory, "examples", "telco-churn", "Telco-Customer-Churn.csv");
}
