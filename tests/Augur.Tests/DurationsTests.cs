using Augur.Commands;

namespace Augur.Tests;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("90", 90)]
    [InlineData("90s", 90)]
    [InlineData("5m", 300)]
    [InlineData("1.5h", 5400)]
    public void Budgets_are_read_in_seconds_minutes_or_hours(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Durations.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("fast")]
    [InlineData("-5s")]
    [InlineData("5d")]
    [InlineData("1e300h")]
    public void Anything_else_is_a_usage_error(string text) =>
        Assert.Throws<UsageException>(() => Durations.Parse(text));

    [Theory]
    [InlineData(90, "90s")]
    [InlineData(300, "5m")]
    [InlineData(7200, "2h")]
    [InlineData(5400, "90m")]
    [InlineData(1.5, "1.5s")]
    public void A_spec_writes_a_budget_as_it_is_read(double seconds, string text)
    {
        Assert.Equal(text, Augur.Platform.Specs.DurationText.Format(TimeSpan.FromSeconds(seconds)));
        Assert.Equal(TimeSpan.FromSeconds(seconds), Durations.Parse(text));
    }
}
