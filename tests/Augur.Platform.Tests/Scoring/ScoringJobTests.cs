using Augur.Platform.Scoring;

namespace Augur.Platform.Tests.Scoring;

public sealed class ScoringJobTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    private static ScoringJob Queued() =>
        ScoringJob.Queue(Guid.NewGuid(), "churn", "champion", Guid.NewGuid(), 3, "customers.csv", ScoringFormat.Xlsx, ["region"], Guid.NewGuid(), Now);

    [Fact]
    public void A_retried_job_counts_the_attempt_and_starts_its_progress_over()
    {
        var job = Queued();
        job.Start(Now);
        job.ReportProgress(new ScoringProgress(5_000, 10_000, 2));
        job.Start(Now.AddMinutes(1));

        Assert.Equal(2, job.Attempts);
        Assert.Equal(0, job.RowsDone);
        Assert.Null(job.RowsTotal);
        Assert.Equal(ScoringStatus.Running, job.Status);
    }

    [Fact]
    public void A_cancelled_job_cannot_succeed_start_or_be_cancelled_again()
    {
        var job = Queued();
        job.Start(Now);
        job.Cancel(Now, "Cancelled by ana.");

        Assert.Throws<InvalidOperationException>(() => job.Succeed(Now, 10, 0));
        Assert.Throws<InvalidOperationException>(() => job.Start(Now));
        Assert.Throws<InvalidOperationException>(() => job.Cancel(Now, "again"));
        Assert.Equal(ScoringStatus.Cancelled, job.Status);
    }

    [Fact]
    public void The_result_is_named_after_the_upload_and_the_format()
    {
        var job = Queued();
        Assert.Equal("customers-scored.xlsx", job.ResultFileName);
        Assert.EndsWith("/result.xlsx", job.ResultKey, StringComparison.Ordinal);
        Assert.Equal(["region"], job.KeepColumnList);
    }
}
