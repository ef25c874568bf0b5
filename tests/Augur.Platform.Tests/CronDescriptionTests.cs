using Augur.Platform.Training;

namespace Augur.Platform.Tests;

public sealed class CronDescriptionTests
{
    [Theory]
    [InlineData("0 3 * * *", "every day at 03:00 UTC")]
    [InlineData("30 6 * * MON", "every Monday at 06:30 UTC")]
    [InlineData("0 6 * * 1-5", "every weekday (Monday to Friday) at 06:00 UTC")]
    [InlineData("0 22 * * SAT,SUN", "every weekend (Saturday and Sunday) at 22:00 UTC")]
    [InlineData("0 9 * * 1,3", "every Monday and Wednesday at 09:00 UTC")]
    [InlineData("0 0 1 * *", "on day 1 of every month at 00:00 UTC")]
    [InlineData("15 * * * *", "every hour at 15 minutes past")]
    [InlineData("*/10 * * * *", "every 10 minutes")]
    [InlineData("0 */6 * * *", "every 6 hours (from 00:00 UTC)")]
    public void Common_schedules_read_as_a_sentence(string cron, string expected) =>
        Assert.Equal(expected, CronDescription.Describe(CronText.ToQuartz(cron)));

    [Theory]
    [InlineData("0 3 1 1 *")]
    [InlineData("0 0 12 ? * 2#1")]
    [InlineData("0 5,35 8 * * ?")]
    public void Unusual_schedules_are_left_to_the_expression(string cron) =>
        Assert.Null(CronDescription.Describe(CronText.ToQuartz(cron)));

    [Fact]
    public void Quartz_day_numbers_start_on_Sunday() =>
        Assert.Equal("every Sunday at 04:00 UTC", CronDescription.Describe("0 0 4 ? * 1"));

    [Theory]
    [InlineData("0 6 * * 1-5", "0 0 6 ? * 2,3,4,5,6")]
    [InlineData("0 6 * * 0", "0 0 6 ? * 1")]
    [InlineData("0 6 * * 7", "0 0 6 ? * 1")]
    [InlineData("0 6 * * 5-7", "0 0 6 ? * 1,6,7")]
    [InlineData("0 6 * * MON-FRI", "0 0 6 ? * MON-FRI")]
    public void Crontab_day_numbers_mean_what_they_mean_in_crontab(string cron, string quartz) =>
        Assert.Equal(quartz, CronText.ToQuartz(cron));
}
