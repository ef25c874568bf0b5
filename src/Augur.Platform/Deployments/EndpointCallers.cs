using Augur.Platform.Projects;

namespace Augur.Platform.Deployments;

/// <summary>
/// Who may call an endpoint's routes for applications (predict, send outcomes back): an endpoint key of the project,
/// limited to its endpoint when it names one, or a person who may edit the project. One place, so both routes agree.
/// </summary>
public static class EndpointCallers
{
    /// <summary>Checks the caller before the endpoint is looked up: a key of another project finds no such endpoint.</summary>
    /// <param name="person">The signed-in user (or personal key), or null when <paramref name="key"/> is given.</param>
    public static async Task RequireAsync(ProjectService projects, Caller? person, EndpointKeyIdentity? key, Guid projectId, string endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(projects);
        if (key is not null)
        {
            if (key.ProjectId != projectId)
            {
                throw new NotFoundException("endpoint", endpoint);
            }

            return;
        }

        ArgumentNullException.ThrowIfNull(person);
        await projects.RequireAsync(person, projectId, ProjectRole.Editor, cancellationToken);
    }

    /// <summary>Once the endpoint is known: a key made for one endpoint calls only that one.</summary>
    public static void RequireKeyFits(EndpointKeyIdentity? key, Guid deploymentId, string endpoint, string doing)
    {
        if (key?.DeploymentId is { } only && only != deploymentId)
        {
            throw new ForbiddenException($"This endpoint key belongs to another endpoint; it cannot {doing} '{endpoint}'.");
        }
    }
}
