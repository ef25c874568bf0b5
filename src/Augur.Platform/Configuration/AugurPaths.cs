using Microsoft.Extensions.Options;

namespace Augur.Platform.Configuration;

/// <summary>Resolves every on-disk location from the configured data directory, so no other code builds paths.</summary>
public sealed class AugurPaths(IOptions<AugurOptions> options)
{
    public string Root { get; } = Path.GetFullPath(options.Value.DataDirectory);

    public string Artifacts => Path.Combine(Root, "artifacts");

    public string SqliteDatabase => Path.Combine(Root, "augur.db");

    public static string DemoDataFile => Path.Combine(AppContext.BaseDirectory, "examples", "telco-churn", "Telco-Customer-Churn.csv");
}
