namespace Augur.Testing;

/// <summary>Reads the environment that ./test.sh sets up for tests that need real services.</summary>
public static class TestEnvironment
{
    public const string PostgresVariable = "AUGUR_TEST_POSTGRES";
    public const string ChromiumVariable = "AUGUR_TEST_CHROMIUM";
    public const string ArtifactsVariable = "AUGUR_TEST_ARTIFACTS";
    public const string RequireAllVariable = "AUGUR_TEST_REQUIRE_ALL";

    /// <summary>
    /// True under CI or ./test.sh: there a missing service is a broken setup, and a skip would hide it.
    /// </summary>
    public static bool RequireAll =>
        IsTrue(Environment.GetEnvironmentVariable("CI")) || IsTrue(Environment.GetEnvironmentVariable(RequireAllVariable));

    public static string? PostgresConnectionString => NonEmpty(Environment.GetEnvironmentVariable(PostgresVariable));

    /// <summary>The Chromium executable, or null when the variable is unset or names no file.</summary>
    public static string? ChromiumPath
    {
        get
        {
            var path = NonEmpty(Environment.GetEnvironmentVariable(ChromiumVariable));
            return path is not null && File.Exists(path) ? path : null;
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static bool IsTrue(string? value) =>
        value is not null && (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase));
}
