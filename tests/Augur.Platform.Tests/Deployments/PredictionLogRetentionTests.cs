using Augur.Platform.Configuration;
using Augur.Platform.Database;
using Augur.Platform.Deployments;
using Augur.Platform.Models;
using Augur.Platform.Projects;
using Augur.Platform.Users;
using Augur.Testing;
using Microsoft.EntityFrameworkCore;

namespace Augur.Platform.Tests.Deployments;

public sealed class PredictionLogRetentionTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task Logged_predictions_older_than_the_retention_are_deleted_on_sqlite()
    {
        using var dir = new TempDirectory();
        await using var db = TestDb.Create(dir.Path);
        await AssertOldLogsAreDeletedAsync(db);
    }

    [PostgresFact]
    public async Task Logged_predictions_older_than_the_retention_are_deleted_on_postgresql()
    {
        using var dir = new TempDirectory();
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var db = TestDb.Create(dir.Path, new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = database.ConnectionString });
        await AssertOldLogsAreDeletedAsync(db);
    }

    [Fact]
    public void The_retention_defaults_to_30_days()
    {
        Assert.Equal(30, new ServingOptions().PredictionLogRetentionDays);
    }

    private static async Task AssertOldLogsAreDeletedAsync(AugurDbContext db)
    {
        await db.Database.MigrateAsync();
        var user = await new UserService(db, TimeProvider.System).CreateAsync("ana", "a-long-password", isAdmin: false, CancellationToken.None);
        var project = Project.Create("Churn", null, user.Id, Now);
        db.Projects.Add(project);
        var model = RegisteredModel.Create(project.Id, "churn", Now);
        db.Models.Add(model);
        var deployments = new[] { "a", "b" }.Select(n => Deployment.Create(project.Id, n, model.Id, model.Name, TrafficSplit.To("1"), user.Id, Now)).ToList();
        db.Deployments.AddRange(deployments);
        foreach (var deployment in deployments)
        {
            foreach (var age in new[] { 0.0, 29.9, 30.1, 400 })
            {
                db.PredictionLogs.Add(PredictionLog.Create(deployment.Id, Guid.NewGuid(), 1, false, Now.AddDays(-age), 0.1, "{}", "{}", null));
            }
        }

        await db.SaveChangesAsync();

        var deleted = await PredictionLogRetentionJob.DeleteOlderThanAsync(db, Now.AddDays(-30), CancellationToken.None);

        Assert.Equal(4, deleted);
        var left = await db.PredictionLogs.Select(l => l.At).ToListAsync();
        Assert.Equal(4, left.Count);
        Assert.All(left, at => Assert.True(at >= Now.AddDays(-30)));
    }
}
