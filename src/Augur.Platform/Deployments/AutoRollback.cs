using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Augur.Platform.Deployments;

/// <summary>
/// Starts an automatic rollback off the request path when a target's error rate crosses its endpoint's threshold.
/// At most one per endpoint revision and node; the database write is guarded by the revision as well.
/// </summary>
public sealed partial class AutoRollback(IServiceScopeFactory scopes, ServingStats stats, ILogger<AutoRollback> logger)
{
    private readonly ConcurrentDictionary<(Guid, int), byte> _started = new();

    public void Check(EndpointRoute route, RouteTarget target, DateTimeOffset now)
    {
        var targetStats = stats.For(route.DeploymentId, target.Version);
        var (requests, errors) = targetStats.Window(now);
        if (requests < route.RollbackMinRequests || (double)errors / requests <= route.RollbackErrorRate)
        {
            return;
        }

        if (!_started.TryAdd((route.DeploymentId, route.Revision), 0))
        {
            return;
        }

        var reason = $"{target.Version} (v{target.Resolved.Version}) failed {errors} of {requests} requests, above {route.RollbackErrorRate:P0}";
        _ = Task.Run(async () =>
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var done = await scope.ServiceProvider.GetRequiredService<DeploymentService>()
                    .AutoRollBackAsync(route.DeploymentId, route.Revision, target.Version, reason, CancellationToken.None);
                if (done)
                {
                    targetStats.ResetWindow();
                    LogRolledBack(logger, route.Name, reason);
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Let a later failure try again.
                _started.TryRemove((route.DeploymentId, route.Revision), out _);
                LogFailed(logger, route.Name, ex);
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Endpoint {Endpoint} rolled back automatically: {Reason}")]
    private static partial void LogRolledBack(ILogger logger, string endpoint, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Endpoint {Endpoint}: automatic rollback failed")]
    private static partial void LogFailed(ILogger logger, string endpoint, Exception exception);
}
