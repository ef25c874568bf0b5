using System.Net;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Augur.Web.Tests;

/// <summary>
/// The dashboard's half of the matrix: every Blazor page, found in the same endpoint data source, is opened (its
/// server-rendered first response, which runs the page's own loading code) as each of the six identities.
/// </summary>
public sealed partial class AuthorisationMatrixTests
{
    /// <summary>Who may see a page's content. A page missing here fails the test.</summary>
    private static readonly Dictionary<string, Access> Pages = new()
    {
        ["/login"] = Access.Public,
        ["/"] = Access.SignedIn,
        ["/account"] = Access.SignedIn,
        ["/projects/{ProjectId}"] = Access.Viewer,
        ["/projects/{ProjectId}/models/{Name}"] = Access.Viewer,
        ["/projects/{ProjectId}/scoring"] = Access.Viewer,
        ["/projects/{ProjectId}/endpoints/{Name}"] = Access.Viewer,
        ["/projects/{ProjectId}/store"] = Access.Viewer,
        ["/projects/{ProjectId}/audit"] = Access.Owner,
    };

    private static readonly string[] PageIdentities = ["anonymous", "stranger", "viewer", "editor", "owner", "admin"];

    private static async Task<List<string>> PageFailuresAsync(AugurFactory factory, World world)
    {
        var failures = new List<string>();
        var pages = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
            .Select(e => Constraint().Replace(e.RoutePattern.RawText!, "}"))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        failures.AddRange(pages.Where(p => !Pages.ContainsKey(p)).Select(p => $"Page {p} is missing from the page table (declare who may see it)"));
        failures.AddRange(Pages.Keys.Where(p => !pages.Contains(p)).Select(p => $"Page table entry {p} matches no page"));

        foreach (var page in pages.Where(Pages.ContainsKey))
        {
            var store = page.EndsWith("/store", StringComparison.Ordinal);
            var path = page
                .Replace("{ProjectId}", store ? world.ShopId : world.ProjectId, StringComparison.Ordinal)
                .Replace("/models/{Name}", "/models/churn", StringComparison.Ordinal)
                .Replace("/endpoints/{Name}", "/endpoints/matrix", StringComparison.Ordinal);
            // What only people allowed in may see: the project's name (it heads every project page), or on the
            // audit page an entry of the project's history.
            var secret = page.EndsWith("/audit", StringComparison.Ordinal) ? "dataset.upload" : store ? "Matrix shop" : "Matrix project";
            foreach (var identity in PageIdentities)
            {
                var (status, body, location) = await world.GetPageAsync(path, identity);
                var problem = PageProblem(Pages[page], page, identity, status, body, location, secret);
                if (problem is not null)
                {
                    failures.Add($"page {path} as {identity}: {problem}");
                }
            }
        }

        return failures;
    }

    private static string? PageProblem(Access access, string page, string identity, HttpStatusCode status, string body, string? location, string secret)
    {
        if ((int)status >= 500 || body.Contains("   at ", StringComparison.Ordinal))
        {
            return $"server error {(int)status}";
        }

        var inProject = page.Contains("{ProjectId}", StringComparison.Ordinal);
        var leaked = body.Contains("7590-VHVEG", StringComparison.Ordinal) || (inProject && body.Contains(secret, StringComparison.Ordinal));
        if (access == Access.Public)
        {
            return status == HttpStatusCode.OK ? null : $"expected the page, got {(int)status}";
        }

        if (identity == "anonymous")
        {
            var toSignIn = status is HttpStatusCode.Redirect or HttpStatusCode.Found && (location ?? "").Contains("/login", StringComparison.Ordinal);
            return toSignIn && !leaked ? null : $"expected a redirect to /login, got {(int)status} {location}";
        }

        var allowed = identity == "admin" || access == Access.SignedIn || (identity != "stranger" && Rank(identity) >= access);
        if (!allowed)
        {
            return leaked ? $"showed {secret}" : null;
        }

        if (status != HttpStatusCode.OK)
        {
            return $"expected the page, got {(int)status}";
        }

        return !inProject || body.Contains(secret, StringComparison.Ordinal) ? null : $"did not show {secret}";
    }

    private static Access Rank(string identity) => identity switch { "viewer" => Access.Viewer, "editor" => Access.Editor, _ => Access.Owner };
}
