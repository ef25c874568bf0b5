using System.Text.RegularExpressions;
using Augur.Platform.Audit;
using Augur.Platform.Database;
using Augur.Platform.Models;
using Augur.Platform.Paging;
using Augur.Platform.Projects;
using Microsoft.EntityFrameworkCore;

namespace Augur.Platform.Deployments;

/// <summary>
/// A project's endpoints: create, change the traffic split, roll back, delete, and read live stats. Every change is
/// audited, and a new split's versions are loaded and warmed before it is saved, so they take traffic warm.
/// </summary>
public sealed partial class DeploymentService(AugurDbContext db, ProjectService projects, ModelService models, EndpointRoutes routes, ServingStats stats, AuditLog audit, TimeProvider clock)
{
    public async Task<Page<Deployment>> ListAsync(Caller caller, Guid projectId, PageRequest page, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Viewer, cancellationToken);
        return await db.Deployments.AsNoTracking().Where(d => d.ProjectId == projectId).OrderBy(d => d.Name).ToPageAsync(page, cancellationToken);
    }

    public async Task<Deployment> GetAsync(Caller caller, Guid projectId, string name, CancellationToken cancellationToken)
    {
        await projects.RequireAsync(caller, projectId, ProjectRole.Viewer, cancellationToken);
        return await LoadAsync(projectId, name, cancellationToken);
    }

    public async Task<Deployment> CreateAsync(Caller caller, Guid projectId, string name, string model, TrafficSplit split, RollbackPolicy? policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await projects.RequireAsync(caller, projectId, ProjectRole.Editor, cancellationToken);
        var endpointName = ValidateName(name);
        if (await db.Deployments.AnyAsync(d => d.ProjectId == projectId && d.Name == endpointName, cancellationToken))
        {
            throw new PlatformValidationException("name", $"This project already has an endpoint named '{endpointName}'.");
        }

        var registered = await db.Models.AsNoTracking().SingleOrDefaultAsync(m => m.ProjectId == projectId && m.Name == model, cancellationToken)
            ?? throw new PlatformValidationException("model", $"The project has no model named '{model}'.");
        var valid = split.Validated();
        var deployment = Deployment.Create(projectId, endpointName, registered.Id, registered.Name, valid, caller.UserId, Now);
        if (policy is not null)
        {
            deployment.SetRollbackPolicy(policy.ErrorRate, policy.MinRequests);
        }

        await WarmAsync(deployment, cancellationToken);
        db.Deployments.Add(deployment);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(caller, "endpoint.create", projectId, "endpoint", endpointName, $"{registered.Name}: {valid}", cancellationToken);
        return deployment;
    }

    /// <summary>Replaces the split (A/B weights, shadows). Promoting a challenger is this call with new weights.</summary>
    public async Task<Deployment> ChangeSplitAsync(Caller caller, Guid projectId, string name, TrafficSplit? split, RollbackPolicy? policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await projects.RequireAsync(caller, projectId, ProjectRole.Editor, cancellationToken);
        var deployment = await LoadAsync(projectId, name, cancellationToken);
        var before = deployment.Split;
        if (policy is not null)
        {
            deployment.SetRollbackPolicy(policy.ErrorRate, policy.MinRequests);
        }

        if (split is not null)
        {
            deployment.ChangeSplit(split.Validated(), caller.UserId, Now);
            await WarmAsync(deployment, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        routes.Invalidate(projectId, deployment.Name);
        await audit.RecordAsync(caller, "endpoint.split", projectId, "endpoint", deployment.Name,
            $"{before} -> {deployment.Split}; rollback above {deployment.RollbackErrorRate:P0} of {deployment.RollbackMinRequests}+ requests", cancellationToken);
        return deployment;
    }

    /// <summary>One-click rollback: the split before the last change (a person's or an automatic one) comes back.</summary>
    public async Task<Deployment> RollBackAsync(Caller caller, Guid projectId, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await projects.RequireAsync(caller, projectId, ProjectRole.Editor, cancellationToken);
        var deployment = await LoadAsync(projectId, name, cancellationToken);
        var before = deployment.Split;
        deployment.RollBack(caller.UserId, Now);
        await WarmAsync(deployment, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        routes.Invalidate(projectId, deployment.Name);
        await audit.RecordAsync(caller, "endpoint.rollback", projectId, "endpoint", deployment.Name, $"{before} -> {deployment.Split}", cancellationToken);
        return deployment;
    }

    public async Task DeleteAsync(Caller caller, Guid projectId, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await projects.RequireAsync(caller, projectId, ProjectRole.Editor, cancellationToken);
        var deployment = await LoadAsync(projectId, name, cancellationToken);
        db.Deployments.Remove(deployment);
        await db.SaveChangesAsync(cancellationToken);
        routes.Invalidate(projectId, deployment.Name);
        stats.Forget(deployment.Id);
        await audit.RecordAsync(caller, "endpoint.delete", projectId, "endpoint", deployment.Name, deployment.Split.ToString(), cancellationToken);
    }

    public async Task<(Deployment Deployment, IReadOnlyList<TargetSnapshot> Targets)> StatsAsync(Caller caller, Guid projectId, string name, CancellationToken cancellationToken)
    {
        var deployment = await GetAsync(caller, projectId, name, cancellationToken);
        return (deployment, stats.Snapshot(deployment.Id));
    }

    /// <summary>
    /// Takes a failing target out of traffic (no person involved: the audit entry has no user). Safe to repeat: a
    /// request for an older revision than the stored one is ignored, as another node already acted on it.
    /// </summary>
    internal async Task<bool> AutoRollBackAsync(Guid deploymentId, int revision, string failingVersion, string reason, CancellationToken cancellationToken)
    {
        var deployment = await db.Deployments.SingleOrDefaultAsync(d => d.Id == deploymentId, cancellationToken);
        if (deployment is null || deployment.Revision != revision)
        {
            return false;
        }

        var before = deployment.Split;
        if (!deployment.RollBackFrom(failingVersion, reason, Now))
        {
            return false;
        }

        // The audit entry's save also stores the rollback: both or neither, so nobody sees one without the other.
        await audit.RecordAsync(null, "endpoint.rollback.auto", deployment.ProjectId, "endpoint", deployment.Name, $"{reason}: {before} -> {deployment.Split}", cancellationToken);
        routes.Invalidate(deployment.ProjectId, deployment.Name);
        return true;
    }

    /// <summary>Resolves every selector of the split (a clear 400 when one does not exist) and loads its versions.</summary>
    private async Task WarmAsync(Deployment deployment, CancellationToken cancellationToken)
    {
        var split = deployment.Split;
        foreach (var selector in split.Targets.Select(t => t.Version).Concat(split.Shadows))
        {
            try
            {
                await models.ResolveAsync(deployment.ProjectId, deployment.ModelName, VersionSelector.Parse(selector), cancellationToken);
            }
            catch (NotFoundException ex)
            {
                throw new PlatformValidationException("targets", ex.Message);
            }
        }

        await routes.BuildAsync(deployment, models, cancellationToken);
    }

    private async Task<Deployment> LoadAsync(Guid projectId, string name, CancellationToken cancellationToken) =>
        await db.Deployments.SingleOrDefaultAsync(d => d.ProjectId == projectId && d.Name == name, cancellationToken)
        ?? throw new NotFoundException("endpoint", name);

    private static string ValidateName(string name)
    {
        var value = (name ?? "").Trim().ToLowerInvariant();
        if (!Slug().IsMatch(value))
        {
            throw new PlatformValidationException("name", $"'{name}' cannot be an endpoint name: use 1 to 63 lower-case letters, digits and '-', starting with a letter or digit (it becomes part of a URL).");
        }

        return value;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex Slug();

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
