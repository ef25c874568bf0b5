namespace Augur.Testing;

/// <summary>
/// A fact that needs Debian's Chromium. Skipped when AUGUR_TEST_CHROMIUM is unset or names no file, except
/// under CI or ./test.sh, where the test runs and fails so that a broken setup cannot pass as green.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string SkipReason = "Browser tests need AUGUR_TEST_CHROMIUM naming a Chromium executable (./test.sh sets it)";

    public ChromiumFactAttribute()
    {
        if (TestEnvironment.ChromiumPath is null && !TestEnvironment.RequireAll)
        {
            Skip = SkipReason;
        }
    }
}
