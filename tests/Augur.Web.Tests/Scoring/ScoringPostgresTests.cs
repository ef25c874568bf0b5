using Augur.Testing;

namespace Augur.Web.Tests.Scoring;

/// <summary>The same scoring path on PostgreSQL: Quartz's clustered store, the job's progress and the result.</summary>
public sealed class ScoringPostgresTests
{
    [PostgresFact]
    public async Task A_file_is_scored_on_postgresql_with_its_rejects()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var factory = new AugurFactory(database.ConnectionString);
        var (client, projectId) = await ScoringScenario.TrainAsync(factory);
        using (client)
        {
            var job = await client.StartAndWaitAsync(projectId, ScoringScenario.CustomersCsv(), format: "xlsx");
            Assert.True(job["status"]!.GetValue<string>() == "succeeded", job.Json());
            Assert.Equal(39, job["rowsScored"]!.GetValue<long>());
            Assert.Equal(2, job["rowsRejected"]!.GetValue<long>());
            Assert.Equal(40, job["rowsDone"]!.GetValue<long>());
            Assert.Equal(40, job["rowsTotal"]!.GetValue<long>());
            var result = await client.GetByteArrayAsync(job["resultUrl"]!.GetValue<string>());
            Assert.Equal("PK"u8.ToArray(), result[..2]);
        }
    }
}
