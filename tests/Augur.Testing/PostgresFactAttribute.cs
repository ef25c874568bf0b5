namespace Augur.Testing;

/// <summary>
/// A fact that needs a real PostgreSQL server. Skipped when AUGUR_TEST_POSTGRES is unset, except under CI or
/// ./test.sh, where the test runs and fails so that a broken setup cannot pass as green.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public const string SkipReason = "PostgreSQL tests need AUGUR_TEST_POSTGRES (./test.sh sets it)";

    public PostgresFactAttribute()
    {
        if (TestEnvironment.PostgresConnectionString is null && !TestEnvironment.RequireAll)
        {
            Skip = SkipReason;
        }
    }
}
