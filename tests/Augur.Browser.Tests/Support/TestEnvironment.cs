namespace Augur.Browser.Tests.Support;

// Stand-in for Augur.Testing.TestEnvironment (branch testinfra) until it reaches main; same variable names.
public static class TestEnvironment
{
    public const string ChromiumVariable = "AUGUR_TEST_CHROMIUM";
    public const string ArtifactsVariable = "AUGUR_TEST_ARTIFACTS";
    public const string RequireAllVariable = "AUGUR_TEST_REQUIRE_ALL";
    private const string DebianChromium = "/usr/bin/chromium";

    public static bool RequireAll =>
        IsTrue(Environment.GetEnvironmentVariable("CI")) || IsTrue(Environment.GetEnvironmentVariable(RequireAllVariable));

    /// <summary>AUGUR_TEST_CHROMIUM when it names a file, else Debian's Chromium when it is installed, else null.</summary>
    public static string? ChromiumPath
    {
        get
        {
            var path = Environment.GetEnvironmentVariable(ChromiumVariable);
            if (!string.IsNullOrWhiteSpace(path))
            {
                return File.Exists(path) ? path : null;
            }

            return File.Exists(DebianChromium) ? DebianChromium : null;
        }
    }

    private static bool IsTrue(string? value) =>
        value is not null && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase));
}
