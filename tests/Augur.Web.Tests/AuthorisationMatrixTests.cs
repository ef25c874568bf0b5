using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Augur.Web.Tests.Scoring;
using Microsoft.Extensions.DependencyInjection;

namespace Augur.Web.Tests;

/// <summary>
/// The authorisation matrix, generated from the app's own endpoint data source: every API route is called as
/// anonymous, another tenant, viewer, editor, owner and admin, and must answer as <see cref="Table"/> declares.
/// A route that is missing from the table fails the test, so a route added later cannot go unchecked.
/// </summary>
public sealed partial class AuthorisationMatrixTests
{
    /// <summary>Who may call a route. Project roles are the least role needed; everyone below gets 403, strangers 404.</summary>
    private enum Access
    {
        /// <summary>Anyone, signed in or not (sign-in itself).</summary>
        Public,

        /// <summary>Any signed-in user, about themselves or their own things (no project involved).</summary>
        SignedIn,
        Viewer,
        Editor,
        Owner,

        /// <summary>The system admin only.</summary>
        Admin,
    }

    private static readonly Dictionary<string, Access> Table = new()
    {
        ["POST /api/v1/auth/login"] = Access.Public,
        ["POST /api/v1/auth/register"] = Access.Public,
        ["POST /api/v1/auth/logout"] = Access.SignedIn,
        ["GET /api/v1/auth/me"] = Access.SignedIn,
        ["POST /api/v1/auth/password"] = Access.SignedIn,
        ["GET /api/v1/users"] = Access.Admin,
        ["POST /api/v1/users"] = Access.Admin,
        ["POST /api/v1/users/{userId}/password"] = Access.Admin,
        ["GET /api/v1/settings"] = Access.Admin,
        ["PUT /api/v1/settings"] = Access.Admin,
        ["GET /api/v1/projects"] = Access.SignedIn,
        ["POST /api/v1/projects"] = Access.SignedIn,
        ["GET /api/v1/projects/{projectId}"] = Access.Viewer,
        ["GET /api/v1/projects/{projectId}/datasets"] = Access.Viewer,
        ["POST /api/v1/projects/{projectId}/datasets"] = Access.Editor,
        ["GET /api/v1/projects/{projectId}/datasets/{datasetId}"] = Access.Viewer,
        ["GET /api/v1/projects/{projectId}/datasets/{datasetId}/rows"] = Access.Viewer,
        ["GET /api/v1/projects/{projectId}/datasets/{datasetId}/profile"] = Access.Viewer,
        ["GET /api/v1/projects/{projectId}/datasets/{datasetId}/rejects"] = Access.Viewer,
        ["PUT /api/v1/projects/{projectId}/datasets/{datasetId}/columns/{name}"] = Access.Editor,
        ["POST /api/v1/projects/{projectId}/runs"] = Access.Editor,
        ["GET /api/v1/projects/{projectId}/runs"] = Access.Viewer,
        ["GET /api/v1/projects/{projectId}/runs/{runId}"] = Access.Viewer,
        ["GET /api/v1/projects/{projectId}/runs/{runId}/spec"] = Access.Viewer,
        ["POST /api/v1/projects/{projectId}/runs/{runId}/cancel"] = Access.Editor,
        ["PUT /api/v1/projects/{projectId}/models/{model}/schedule"] = Access.Editor,
        ["GET /api/v1/projects/{projectId}/models/{model}/schedule"] = Access.Viewer,
        ["DELETE /api/v1/projects/{projectId}/models/{model}/schedule"] = Access.Editor,
        ["GET /api/v1/projects/{projectId}/runs/{runId}/trials"] = Access.Viewer,
        ["GET /api/v1/projects/{projectId}/runs/{runId}/report"] = Access.Viewer,
        ["GET /api/v1/projects/{projectId}/runs/compare"] = Access.Viewer,
        ["GET /api/v1/projects/{projectId}/leaderboard"] = Access.Viewer,
        ["GET /api/v1/projects/{projectId}/models"] = Access.Viewer,
        ["GET /api/v1/projects/{projectId}/models/{model}"] = Access.Viewer,
        ["POST /api/v1/projects/{projectId}/models/{model}/predict"] = Access.Editor,
        ["PATCH /api/v1/projects/{projectId}/models/{model}"] = Access.Editor,
        ["GET /api/v1/projects/{projectId}/models/{model}/versions/{version}"] = Access.Viewer,
        ["PATCH /api/v1/projects/{projectId}/models/{model}/versions/{version}"] = Access.Editor,
        ["GET /api/v1/projects/{projectId}/models/{model}/versions/{version}/bundle"] = Access.Viewer,
        ["GET /api/v1/projects/{projectId}/models/{model}/versions/{version}/report"] = Access.Viewer,
        ["POST /api/v1/projects/{projectId}/models/{model}/versions"] = Access.Editor,
        ["PUT /api/v1/projects/{projectId}/models/{model}/aliases/{alias}"] = Access.Editor,
        ["POST /api/v1/projects/{projectId}/models/{model}/aliases/{alias}/rollback"] = Access.Editor,
        ["DELETE /api/v1/projects/{projectId}/models/{model}/aliases/{alias}"] = Access.Editor,
        ["POST /api/v1/projects/{projectId}/scoring"] = Access.Editor,
        ["GET /api/v1/projects/{projectId}/scoring"] = Access.Viewer,
        ["GET /api/v1/projects/{projectId}/scoring/{jobId}"] = Access.Viewer,
        ["GET /api/v1/projects/{projectId}/scoring/{jobId}/result"] = Access.Viewer,
        ["GET /api/v1/projects/{projectId}/scoring/{jobId}/rejects"] = Access.Viewer,
        ["POST /api/v1/projects/{projectId}/scoring/{jobId}/cancel"] = Access.Editor,
        ["GET /api/v1/projects/{projectId}/endpoints"] = Access.Viewer,
        ["POST /api/v1/projects/{projectId}/endpoints"] = Access.Editor,
        ["GET /api/v1/projects/{projectId}/endpoints/{endpoint}"] = Access.Viewer,
        ["PUT /api/v1/projects/{projectId}/endpoints/{endpoint}/split"] = Access.Editor,
        ["POST /api/v1/projects/{projectId}/endpoints/{endpoint}/rollback"] = Access.Editor,
        ["DELETE /api/v1/projects/{projectId}/endpoints/{endpoint}"] = Access.Editor,
        ["GET /api/v1/projects/{projectId}/endpoints/{endpoint}/stats"] = Access.Viewer,
        ["GET /api/v1/projects/{projectId}/endpoints/{endpoint}/drift"] = Access.Viewer,
        ["GET /api/v1/projects/{projectId}/alerts"] = Access.Viewer,
        ["GET /api/v1/projects/{projectId}/scoring/{jobId}/drift"] = Access.Viewer,
        ["POST /api/v1/projects/{projectId}/alerts/{alertId}/dismiss"] = Access.Editor,
        ["POST /api/v1/projects/{projectId}/models/{model}/versions/{version}/checks"] = Access.Editor,
        ["GET /api/v1/projects/{projectId}/models/{model}/checks"] = Access.Viewer,
        [EndpointPredict] = Access.Editor,
        [EndpointOutcomes] = Access.Editor,
        ["GET /api/v1/projects/{projectId}/endpoints/{endpoint}/accuracy"] = Access.Viewer,
        ["GET /api/v1/projects/{projectId}/alerts/webhook"] = Access.Viewer,
        ["PUT /api/v1/projects/{projectId}/alerts/webhook"] = Access.Owner,
        ["DELETE /api/v1/projects/{projectId}/alerts/webhook"] = Access.Owner,
        ["POST /api/v1/projects/{projectId}/alerts/webhook/test"] = Access.Owner,
        ["GET /api/v1/projects/{projectId}/endpoint-keys"] = Access.Editor,
        ["POST /api/v1/projects/{projectId}/endpoint-keys"] = Access.Editor,
        ["DELETE /api/v1/projects/{projectId}/endpoint-keys/{endpointKeyId}"] = Access.Editor,
        ["GET /api/v1/projects/{projectId}/members"] = Access.Owner,
        ["POST /api/v1/projects/{projectId}/members"] = Access.Owner,
        ["PUT /api/v1/projects/{projectId}/members/{userId}"] = Access.Owner,
        ["DELETE /api/v1/projects/{projectId}/members/{userId}"] = Access.Owner,
        ["GET /api/v1/keys"] = Access.SignedIn,
        ["POST /api/v1/keys"] = Access.SignedIn,
        ["DELETE /api/v1/keys/{keyId}"] = Access.SignedIn,
        ["GET /api/v1/projects/{projectId}/audit"] = Access.Owner,
        ["GET /api/v1/projects/{projectId}/audit/export"] = Access.Owner,
        ["GET /api/v1/audit"] = Access.Admin,
        ["GET /api/v1/audit/verify"] = Access.Admin,
        ["POST /api/v1/projects/{projectId}/recommenders"] = Access.Editor,
        ["GET /api/v1/projects/{projectId}/recommenders"] = Access.Viewer,
        ["GET /api/v1/projects/{projectId}/recommenders/{recommenderId}"] = Access.Viewer,
        ["POST /api/v1/projects/{projectId}/recommenders/batch"] = Access.Editor,
        ["GET /api/v1/projects/{projectId}/recommenders/aliases"] = Access.Viewer,
        ["PUT /api/v1/projects/{projectId}/recommenders/aliases/{alias}"] = Access.Editor,
        ["DELETE /api/v1/projects/{projectId}/recommenders/aliases/{alias}"] = Access.Editor,
        ["POST /api/v1/projects/{projectId}/recommenders/rollback"] = Access.Editor,
        ["GET /api/v1/projects/{projectId}/recommendations/{customerId}"] = Access.Viewer,
        ["GET /api/v1/projects/{projectId}/recommendations/items/{itemId}/similar"] = Access.Viewer,
    };

    /// <summary>The routes an endpoint key (an application, not a person) may call: predict, and send outcomes back; it gets 403 everywhere else.</summary>
    private const string EndpointPredict = "POST /api/v1/projects/{projectId}/endpoints/{endpoint}/predict";

    private const string EndpointOutcomes = "POST /api/v1/projects/{projectId}/endpoints/{endpoint}/outcomes";

    /// <summary>
    /// The six identities of the issue, plus two personal API keys of the owner: one with the read scope (a key caps
    /// its user's role at viewer) and one limited to another project (this project must look as if it did not exist).
    /// Keys are checked on project routes only.
    /// </summary>
    private static readonly HashSet<string> ServingRoutes =
    [
        "GET /api/v1/projects/{projectId}/recommendations/{customerId}",
        "GET /api/v1/projects/{projectId}/recommendations/items/{itemId}/similar",
    ];

    private static readonly string[] Identities = ["anonymous", "stranger", "viewer", "editor", "owner", "admin", "owner-read-key", "owner-key-elsewhere", "endpointkey"];

    [Fact]
    public async Task Every_api_route_answers_each_role_as_the_table_declares()
    {
        await using var factory = new AugurFactory();
        var world = await World.SeedAsync(factory);
        var routes = ApiRoutes(factory);

        var missing = routes.Where(r => !Table.ContainsKey(r)).ToList();
        Assert.True(missing.Count == 0, "Routes missing from the authorisation table (declare who may call them): " + string.Join(", ", missing));
        var stale = Table.Keys.Where(k => !routes.Contains(k)).ToList();
        Assert.True(stale.Count == 0, "Table entries for routes that no longer exist: " + string.Join(", ", stale));

        var failures = new List<string>();
        foreach (var route in routes)
        {
            var access = Table[route];
            foreach (var identity in Identities)
            {
                var inProject = route.Contains("{projectId}", StringComparison.Ordinal);
                if (identity.Contains("-key", StringComparison.Ordinal) && !inProject)
                {
                    continue;
                }

                var expected = Expect(route, access, inProject, identity);
                var (status, body) = await world.CallAsync(route, identity);
                if (!expected.Matches(status))
                {
                    failures.Add($"{route} as {identity}: expected {expected}, got {(int)status} {Shorten(body)}");
                }

                // Whatever the answer, no other tenant's data and no stack trace.
                if (identity is "anonymous" or "stranger" && body.Contains("7590-VHVEG", StringComparison.Ordinal))
                {
                    failures.Add($"{route} as {identity} leaked project data");
                }

                if (body.Contains("   at ", StringComparison.Ordinal))
                {
                    failures.Add($"{route} as {identity} showed a stack trace");
                }
            }
        }

        failures.AddRange(await PageFailuresAsync(factory, world));
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    /// <summary>"METHOD /pattern" for every API endpoint, with route constraints removed ("{projectId:guid}" → "{projectId}").</summary>
    private static List<string> ApiRoutes(AugurFactory factory)
    {
        var sources = factory.Services.GetRequiredService<EndpointDataSource>();
        return sources.Endpoints.OfType<RouteEndpoint>()
            .Where(e => (e.RoutePattern.RawText ?? "").StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"])
                .Select(m => $"{m} {Constraint().Replace(e.RoutePattern.RawText!, "}").TrimEnd('/')}"))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static Expectation Expect(string route, Access access, bool inProject, string identity)
    {
        if (access == Access.Public)
        {
            return Expectation.Answered;
        }

        if (identity == "anonymous")
        {
            return Expectation.Status(HttpStatusCode.Unauthorized);
        }

        if (identity == "owner-key-elsewhere")
        {
            return Expectation.Status(HttpStatusCode.NotFound);
        }

        if (identity == "owner-read-key")
        {
            return access <= Access.Viewer ? Expectation.Allowed : Expectation.Status(HttpStatusCode.Forbidden);
        }

        if (identity == "endpointkey")
        {
            // The matrix's endpoint key belongs to the tabular project: recommendation serving accepts endpoint keys
            // (as serving keys) but only for their own project, so the shop's routes do not exist for it.
            return route is EndpointPredict or EndpointOutcomes ? Expectation.Allowed
                : ServingRoutes.Contains(route) ? Expectation.Status(HttpStatusCode.NotFound)
                : Expectation.Status(HttpStatusCode.Forbidden);
        }

        if (identity == "admin" || access == Access.SignedIn)
        {
            return Expectation.Allowed;
        }

        if (access == Access.Admin)
        {
            return Expectation.Status(HttpStatusCode.Forbidden);
        }

        if (identity == "stranger")
        {
            return inProject ? Expectation.Status(HttpStatusCode.NotFound) : Expectation.Status(HttpStatusCode.Forbidden);
        }

        var rank = identity switch { "viewer" => Access.Viewer, "editor" => Access.Editor, _ => Access.Owner };
        return rank >= access ? Expectation.Allowed : Expectation.Status(HttpStatusCode.Forbidden);
    }

    private static string Shorten(string body) => body.Length > 300 ? body[..300] + "…" : body;

    [GeneratedRegex(":[^}]+}")]
    private static partial Regex Constraint();

    private sealed record Expectation(string Name, Func<HttpStatusCode, bool> Matches)
    {
        /// <summary>Got through authorisation: not 401, 403 or 404, and no server error (400 for a made-up body is fine).</summary>
        public static readonly Expectation Allowed = new("allowed", s => s is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound) && (int)s < 500);

        public static readonly Expectation Answered = new("an answer without a server error", s => (int)s < 500);

        public static Expectation Status(HttpStatusCode status) => new(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), s => s == status);

        public override string ToString() => Name;
    }

    /// <summary>A seeded project with a dataset, a trained model and one member of each role, plus a stranger with their own project.</summary>
    private sealed class World(AugurFactory factory)
    {
        private readonly Dictionary<string, string> _cookies = [];
        private readonly Dictionary<string, string> _keys = [];
        private readonly Dictionary<string, string> _userIds = [];
        private string _projectId = "";
        private string _datasetId = "";
        private string _runId = "";
        private string _shopId = "";
        private string _shopEventsId = "";
        private string _recommenderId = "";
        private string _scoringJobId = "";
        private string _endpointKey = "";
        private int _counter;

        public static async Task<World> SeedAsync(AugurFactory factory)
        {
            var world = new World(factory);
            using var admin = await factory.SignInAsync();
            foreach (var name in new[] { "owner", "editor", "viewer", "stranger", "spare" })
            {
                var created = await admin.PostAsJsonAsync("/api/v1/users", new { userName = name, password = $"{name}-password" });
                world._userIds[name] = (await created.ReadObjectAsync())["id"]!.GetValue<string>();
            }

            foreach (var name in new[] { "owner", "editor", "viewer", "stranger" })
            {
                world._cookies[name] = await CookieAsync(factory, name, $"{name}-password");
            }

            world._cookies["admin"] = await CookieAsync(factory, "admin", AugurFactory.AdminPassword);

            using var owner = await factory.SignInAsync("owner", "owner-password");
            world._projectId = await owner.CreateProjectAsync("Matrix project");
            world._datasetId = (await owner.UploadTelcoAsync(world._projectId))["id"]!.GetValue<string>();
            var start = await owner.PostAsJsonAsync($"/api/v1/projects/{world._projectId}/runs", new { datasetId = world._datasetId, target = "Churn", budgetSeconds = 3 });
            world._runId = (await start.ReadObjectAsync())["id"]!.GetValue<string>();
            var run = await owner.WaitForRunAsync(world._projectId, world._runId, TimeSpan.FromSeconds(90));
            Assert.True(run["status"]!.GetValue<string>() == "succeeded", run.Json());
            // A finished scoring job: viewers download its files, editors' cancel is refused with a 400 (already finished).
            var scoring = new MultipartFormDataContent
            {
                { new ByteArrayContent(await File.ReadAllBytesAsync(Api.Telco400)), "file", "telco.csv" },
                { new StringContent("churn"), "model" },
            };
            var scored = await owner.PostAsync($"/api/v1/projects/{world._projectId}/scoring", scoring);
            world._scoringJobId = (await scored.ReadObjectAsync())["id"]!.GetValue<string>();
            var job = await owner.WaitForScoringAsync(world._projectId, world._scoringJobId, TimeSpan.FromSeconds(60));
            Assert.True(job["status"]!.GetValue<string>() == "succeeded", job.Json());
            foreach (var (name, role) in new[] { ("viewer", "viewer"), ("editor", "editor") })
            {
                var added = await owner.PostAsJsonAsync($"/api/v1/projects/{world._projectId}/members", new { userName = name, role });
                Assert.Equal(HttpStatusCode.Created, added.StatusCode);
            }

            // Recommendation routes are called on a trained store project with the same members.
            (world._shopId, world._recommenderId) = await RecommendationsScenario.TrainAsync(owner, "Matrix shop");
            var recommender = await (await owner.GetAsync($"/api/v1/projects/{world._shopId}/recommenders/{world._recommenderId}")).ReadObjectAsync();
            world._shopEventsId = recommender["eventsDatasetId"]!.GetValue<string>();
            foreach (var (name, role) in new[] { ("viewer", "viewer"), ("editor", "editor") })
            {
                var added = await owner.PostAsJsonAsync($"/api/v1/projects/{world._shopId}/members", new { userName = name, role });
                Assert.Equal(HttpStatusCode.Created, added.StatusCode);
            }
            // An endpoint and a project-wide endpoint key, so each route can be called with only that key.
            Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync($"/api/v1/projects/{world._projectId}/endpoints", new { name = "matrix", model = "churn", version = "1" })).StatusCode);
            var key = await owner.PostAsJsonAsync($"/api/v1/projects/{world._projectId}/endpoint-keys", new { name = "matrix app" });
            world._endpointKey = (await key.ReadObjectAsync())["secret"]!.GetValue<string>();

            using var stranger = await factory.SignInAsync("stranger", "stranger-password");
            await stranger.CreateProjectAsync("Stranger's own project");

            var ownersOtherProject = await owner.CreateProjectAsync("Owner's other project");
            world._keys["owner-read-key"] = await SecretAsync(owner, new { name = "read everything", scope = "read" });
            world._keys["owner-key-elsewhere"] = await SecretAsync(owner, new { name = "other project only", scope = "admin", projectId = ownersOtherProject });
            return world;
        }

        public string ProjectId => _projectId;

        public string ShopId => _shopId;

        /// <summary>A GET of a dashboard page as one identity (cookie only: pages are for people).</summary>
        public async Task<(HttpStatusCode Status, string Body, string? Location)> GetPageAsync(string path, string identity)
        {
            using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (_cookies.TryGetValue(identity, out var cookie))
            {
                request.Headers.Add("Cookie", cookie);
            }

            using var response = await client.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location?.ToString());
        }

        public async Task<(HttpStatusCode Status, string Body)> CallAsync(string route, string identity)
        {
            var space = route.IndexOf(' ', StringComparison.Ordinal);
            var method = route[..space];
            var path = route[(space + 1)..];
            await BeforeAsync(route);
            path = path
                .Replace("{projectId}", route.Contains("/recommend", StringComparison.Ordinal) ? _shopId : _projectId, StringComparison.Ordinal)
                .Replace("{recommenderId}", _recommenderId, StringComparison.Ordinal)
                .Replace("{customerId}", "c1", StringComparison.Ordinal)
                .Replace("{itemId}", Augur.Testing.StoreEvents.ItemId(0), StringComparison.Ordinal)
                .Replace("{datasetId}", _datasetId, StringComparison.Ordinal)
                .Replace("{runId}", _runId, StringComparison.Ordinal)
                .Replace("{jobId}", _scoringJobId, StringComparison.Ordinal)
                .Replace("{model}", "churn", StringComparison.Ordinal)
                .Replace("{version}", "1", StringComparison.Ordinal)
                .Replace("{alias}", "champion", StringComparison.Ordinal)
                .Replace("{name}", "gender", StringComparison.Ordinal)
                .Replace("{endpoint}", "matrix", StringComparison.Ordinal)
                .Replace("{userId}", _userIds["spare"], StringComparison.Ordinal);
            if (path.Contains("{endpointKeyId}", StringComparison.Ordinal))
            {
                path = path.Replace("{endpointKeyId}", await CreateEndpointKeyAsync(), StringComparison.Ordinal);
            }

            if (path.Contains("{alertId}", StringComparison.Ordinal))
            {
                path = path.Replace("{alertId}", await RaiseAlertAsync(), StringComparison.Ordinal);
            }

            if (path.Contains("{keyId}", StringComparison.Ordinal))
            {
                // Each caller revokes a key of their own (the owner's key stands in for anonymous callers).
                path = path.Replace("{keyId}", await CreateKeyAsync(identity is "anonymous" or "endpointkey" ? "owner" : identity), StringComparison.Ordinal);
            }

            using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = BodyFor(route) };
            if (_cookies.TryGetValue(identity, out var cookie))
            {
                request.Headers.Add("Cookie", cookie);
            }
            else if (_keys.TryGetValue(identity, out var key))
            {
                request.Headers.Add("X-Api-Key", key);
            }

            if (identity == "endpointkey")
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _endpointKey);
            }

            using var response = await client.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        /// <summary>An open alert on the project's endpoint, as the drift check raises one (each caller dismisses their own).</summary>
        private async Task<string> RaiseAlertAsync()
        {
            using var scope = factory.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<Augur.Platform.Database.AugurDbContext>();
            var projectId = Guid.Parse(_projectId);
            if (await db.Deployments.SingleOrDefaultAsync(d => d.ProjectId == projectId && d.Name == "matrix") is not { } endpoint)
            {
                using var owner = Client("owner");
                await owner.PostAsJsonAsync($"/api/v1/projects/{_projectId}/endpoints", new { name = "matrix", model = "churn", version = "1" });
                return await RaiseAlertAsync();
            }

            var alert = Augur.Platform.Monitoring.Alert.Raise(projectId, endpoint.Id, endpoint.Name, endpoint.ModelName, 1, Augur.Platform.Monitoring.AlertKind.Drift, "The inputs changed.", DateTime.UtcNow);
            db.Alerts.Add(alert);
            await db.SaveChangesAsync();
            return alert.Id.ToString();
        }

        /// <summary>Puts back what an earlier allowed call changed, so each identity meets the same state.</summary>
        private async Task BeforeAsync(string route)
        {
            if (route.Contains("/members/{userId}", StringComparison.Ordinal))
            {
                using var owner = Client("owner");
                await owner.PostAsJsonAsync($"/api/v1/projects/{_projectId}/members", new { userName = "spare", role = "viewer" });
            }

            if (route.Contains("/endpoints/{endpoint}", StringComparison.Ordinal))
            {
                // Deleting (allowed for editors) must not make the next identity's call a 404; a second split gives
                // rollback something to go back to.
                using var owner = Client("owner");
                await owner.PostAsJsonAsync($"/api/v1/projects/{_projectId}/endpoints", new { name = "matrix", model = "churn", version = "1" });
                await owner.PutAsJsonAsync($"/api/v1/projects/{_projectId}/endpoints/matrix/split", new { targets = new[] { new { version = "latest", weight = 100 } } });
            }

            if (route.Contains("/recommenders/aliases/{alias}", StringComparison.Ordinal))
            {
                // The same for the shop's champion.
                using var owner = Client("owner");
                await owner.PutAsJsonAsync($"/api/v1/projects/{_shopId}/recommenders/aliases/champion", new { version = 1 });
            }
            else if (route.Contains("/aliases/{alias}", StringComparison.Ordinal))
            {
                // Removing an alias (allowed for editors) must not make the next identity's call a 404.
                using var owner = Client("owner");
                await owner.PutAsJsonAsync($"/api/v1/projects/{_projectId}/models/churn/aliases/champion", new { version = "1" });
            }
        }

        private HttpContent? BodyFor(string route)
        {
            var n = Interlocked.Increment(ref _counter);
            object? json = route switch
            {
                "POST /api/v1/auth/login" => new { userName = "nobody", password = "wrong-password" },
                "POST /api/v1/auth/register" => new { userName = $"self{n}", password = "self-registered" },
                "POST /api/v1/auth/password" => new { currentPassword = "not-the-password", newPassword = "new-password-1" },
                "POST /api/v1/users" => new { userName = $"made{n}", password = "made-password" },
                "POST /api/v1/users/{userId}/password" => new { newPassword = "spare-password-2" },
                "PUT /api/v1/settings" => new { selfRegistration = false },
                "PUT /api/v1/projects/{projectId}/datasets/{datasetId}/columns/{name}" => new { type = "categorical" },
                "POST /api/v1/projects" => new { name = $"Project {n}" },
                "POST /api/v1/projects/{projectId}/runs" => new { datasetId = _datasetId, target = "Churn", budgetSeconds = 1 },
                "POST /api/v1/projects/{projectId}/models/{model}/versions/{version}/checks" => new { datasetId = _datasetId },
                "POST /api/v1/projects/{projectId}/models/{model}/predict" => new { rows = new[] { Api.CustomerRow() } },
                "POST /api/v1/projects/{projectId}/members" => new { userName = "spare", role = "viewer" },
                "PATCH /api/v1/projects/{projectId}/models/{model}" => new { description = "Churn model" },
                "PATCH /api/v1/projects/{projectId}/models/{model}/versions/{version}" => new { tags = new Dictionary<string, string> { ["reviewed"] = "yes" } },
                "PUT /api/v1/projects/{projectId}/models/{model}/aliases/{alias}" => new { version = "1" },
                "PUT /api/v1/projects/{projectId}/recommenders/aliases/{alias}" => new { version = 1 },
                "PUT /api/v1/projects/{projectId}/models/{model}/schedule" => new { cron = "0 3 * * *" },
                "PUT /api/v1/projects/{projectId}/members/{userId}" => new { role = "editor" },
                "POST /api/v1/keys" => new { name = $"key {n}", scope = "read" },
                "POST /api/v1/projects/{projectId}/recommenders" => new { eventsDatasetId = _shopEventsId, model = "popularity" },
                "POST /api/v1/projects/{projectId}/endpoints" => new { name = $"made{n}", model = "churn", version = "1" },
                "PUT /api/v1/projects/{projectId}/endpoints/{endpoint}/split" => new { targets = new[] { new { version = "1", weight = 100 } } },
                EndpointPredict => new { rows = new[] { Api.CustomerRow() } },
                EndpointOutcomes => new { outcomes = new[] { new { predictionId = Guid.NewGuid(), outcome = "Yes" } } },
                "PUT /api/v1/projects/{projectId}/alerts/webhook" => new { url = "http://chat.example.com/hook" },
                "POST /api/v1/projects/{projectId}/endpoint-keys" => new { name = $"app {n}" },
                _ => null,
            };
            if (json is not null)
            {
                return JsonContent.Create(json);
            }

            if (route == "POST /api/v1/projects/{projectId}/models/{model}/versions")
            {
                // Not a bundle: allowed callers get a 400 naming the file, the others 401/403/404 before it is read.
                var form = new MultipartFormDataContent();
                form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes("not a bundle")), "file", "model.augur");
                return form;
            }

            if (route == "POST /api/v1/projects/{projectId}/scoring")
            {
                // A real, tiny file: allowed callers get a queued job (201), the others 401/403/404 before it is read.
                var form = new MultipartFormDataContent();
                form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(File.ReadLines(Api.Telco400).Take(3).Aggregate((a, b) => a + "\n" + b))), "file", "few.csv");
                form.Add(new StringContent("churn"), "model");
                return form;
            }

            if (route == "POST /api/v1/projects/{projectId}/datasets")
            {
                var form = new MultipartFormDataContent();
                var file = new ByteArrayContent(Encoding.UTF8.GetBytes("a,b\n1,2\n3,4\n"));
                file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
                form.Add(file, "file", "small.csv");
                return form;
            }

            return null;
        }

        private static async Task<string> SecretAsync(HttpClient client, object key)
        {
            var response = await client.PostAsJsonAsync("/api/v1/keys", key);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.ReadObjectAsync())["secret"]!.GetValue<string>();
        }

        private async Task<string> CreateKeyAsync(string identity)
        {
            using var client = Client(identity);
            var response = await client.PostAsJsonAsync("/api/v1/keys", new { name = "to revoke", scope = "read" });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.ReadObjectAsync())["key"]!["id"]!.GetValue<string>();
        }

        private async Task<string> CreateEndpointKeyAsync()
        {
            using var client = Client("owner");
            var response = await client.PostAsJsonAsync($"/api/v1/projects/{_projectId}/endpoint-keys", new { name = "to revoke" });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.ReadObjectAsync())["key"]!["id"]!.GetValue<string>();
        }

        private HttpClient Client(string identity)
        {
            var client = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
            client.DefaultRequestHeaders.Add("Cookie", _cookies[identity]);
            return client;
        }

        private static async Task<string> CookieAsync(AugurFactory factory, string userName, string password)
        {
            using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
            var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { userName, password });
            response.EnsureSuccessStatusCode();
            var setCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("augur.auth=", StringComparison.Ordinal));
            return setCookie[..setCookie.IndexOf(';', StringComparison.Ordinal)];
        }
    }
}
