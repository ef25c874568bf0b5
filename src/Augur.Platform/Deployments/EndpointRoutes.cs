using System.Collections.Concurrent;
using Augur.Platform.Configuration;
using Augur.Platform.Database;
using Augur.Platform.Models;
using Augur.Platform.Serving;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Augur.Platform.Deployments;

/// <summary>
/// This node's cache of endpoint routes, so a prediction costs no database query. A route older than
/// Augur:Serving:RouteRefresh is served once more while it is re-read in the background; a re-read that finds a new
/// version (an alias moved, the split changed on another node) loads and warms that version before swapping the route.
/// </summary>
public sealed partial class EndpointRoutes(IServiceScopeFactory scopes, ModelCache cache, TimeProvider clock, IOptions<AugurOptions> options, ILogger<EndpointRoutes> logger)
{
    private readonly ConcurrentDictionary<(Guid, string), EndpointRoute> _routes = new();
    private readonly ConcurrentDictionary<(Guid, string), Lazy<Task<EndpointRoute>>> _refreshing = new();

    public async Task<EndpointRoute> GetAsync(Guid projectId, string name, CancellationToken cancellationToken)
    {
        var key = (projectId, name);
        var found = _routes.TryGetValue(key, out var cached);
        if (found && clock.GetUtcNow() - cached!.LoadedAt < options.Value.Serving.RouteRefresh)
        {
            return cached;
        }

        var refresh = _refreshing.GetOrAdd(key, k => new Lazy<Task<EndpointRoute>>(() => RefreshAsync(k))).Value;
        return found ? cached! : await refresh.WaitAsync(cancellationToken);
    }

    /// <summary>Forgets a route after this node changed its endpoint, so the next request reads the change.</summary>
    public void Invalidate(Guid projectId, string name) => _routes.TryRemove((projectId, name), out _);

    private async Task<EndpointRoute> RefreshAsync((Guid ProjectId, string Name) key)
    {
        // Never finish synchronously: the entry must be in _refreshing before the finally below removes it.
        await Task.Yield();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AugurDbContext>();
            var models = scope.ServiceProvider.GetRequiredService<ModelService>();
            var deployment = await db.Deployments.AsNoTracking().SingleOrDefaultAsync(d => d.ProjectId == key.ProjectId && d.Name == key.Name, CancellationToken.None);
            if (deployment is null)
            {
                _routes.TryRemove(key, out _);
                throw new NotFoundException("endpoint", key.Name);
            }

            var route = await BuildAsync(deployment, models, CancellationToken.None);
            _routes[key] = route;
            return route;
        }
        finally
        {
            _refreshing.TryRemove(key, out _);
        }
    }

    internal async Task<EndpointRoute> BuildAsync(Deployment deployment, ModelService models, CancellationToken cancellationToken)
    {
        var split = deployment.Split;
        var targets = new List<RouteTarget>();
        foreach (var target in split.Targets.Where(t => t.Weight > 0))
        {
            try
            {
                var version = await models.ResolveAsync(deployment.ProjectId, deployment.ModelName, VersionSelector.Parse(target.Version), cancellationToken);
                targets.Add(new RouteTarget(target.Version, target.Weight, version));
            }
            catch (NotFoundException ex)
            {
                // An alias was removed after the split was saved: the other targets keep answering.
                LogUnresolved(logger, deployment.Name, target.Version, ex.Message);
            }
        }

        if (targets.Count == 0)
        {
            throw new NotFoundException($"The endpoint '{deployment.Name}' has no version to answer with: none of its targets ({split}) exists any more.");
        }

        var shadows = new List<ModelVersion>();
        foreach (var shadow in split.Shadows)
        {
            try
            {
                shadows.Add(await models.ResolveAsync(deployment.ProjectId, deployment.ModelName, VersionSelector.Parse(shadow), cancellationToken));
            }
            catch (NotFoundException ex)
            {
                LogUnresolved(logger, deployment.Name, shadow, ex.Message);
            }
        }

        // Warm every answering version before the route goes live. A version that fails to load still goes in: its
        // requests fail and count towards its error rate, which is what automatic rollback watches.
        foreach (var target in targets.Where(t => !cache.Contains(t.Resolved.Id)))
        {
            try
            {
                await cache.GetAsync(target.Resolved, cancellationToken);
            }
            catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException))
            {
                LogWarmUpFailed(logger, deployment.Name, target.Version, ex);
            }
        }

        return new EndpointRoute(deployment.Id, deployment.ProjectId, deployment.Name, deployment.ModelName, deployment.Revision, targets, shadows,
            deployment.RollbackErrorRate, deployment.RollbackMinRequests, clock.GetUtcNow());
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Endpoint {Endpoint}: target {Target} does not resolve ({Reason}); it gets no traffic")]
    private static partial void LogUnresolved(ILogger logger, string endpoint, string target, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Endpoint {Endpoint}: target {Target} could not be loaded")]
    private static partial void LogWarmUpFailed(ILogger logger, string endpoint, string target, Exception exception);
}
