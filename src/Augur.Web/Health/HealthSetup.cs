using System.Text.Json;
using Augur.Platform.Configuration;
using Augur.Platform.Database;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace Augur.Web.Health;

/// <summary>/health reports on the database and the job scheduler, each by name, as JSON.</summary>
public static class HealthSetup
{
    public static IServiceCollection AddAugurHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<SchedulerHealthCheck>("scheduler");
        return services;
    }

    public static IEndpointRouteBuilder MapAugurHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = WriteAsync }).AllowAnonymous();
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}

public sealed class DatabaseHealthCheck(AugurDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy($"{db.Database.ProviderName} is reachable.")
            : HealthCheckResult.Unhealthy("The database cannot be reached.");
}

public sealed class SchedulerHealthCheck(ISchedulerFactory schedulers, IOptions<AugurOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        if (options.Value.Workers == 0)
        {
            return HealthCheckResult.Healthy("This node schedules jobs; `augur worker` nodes run them.");
        }

        var status = await scheduler.GetStatus(cancellationToken);
        return status == SchedulerStatus.Running
            ? HealthCheckResult.Healthy($"The job scheduler is running (node {await scheduler.GetSchedulerInstanceId(cancellationToken)}).")
            : HealthCheckResult.Unhealthy($"The job scheduler is {status.ToString().ToLowerInvariant()}.");
    }
}
