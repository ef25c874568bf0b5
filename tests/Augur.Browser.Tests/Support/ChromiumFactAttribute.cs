namespace Augur.Browser.Tests.Support;

/// <summary>A fact that needs Chromium: skipped without one, except under CI where a missing browser must fail.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (TestEnvironment.ChromiumPath is null && !TestEnvironment.RequireAll)
        {
            Skip = "Browser tests need Chromium: install Debian's chromium or set AUGUR_TEST_CHROMIUM";
        }
    }
}
