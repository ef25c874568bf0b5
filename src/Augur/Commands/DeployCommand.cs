using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Augur.Remote;

namespace Augur.Commands;

/// <summary>
/// `augur deploy …`: endpoints on a running server. create, split (A/B weights and shadows), list, show, rollback,
/// delete, and the endpoint keys that applications call them with.
/// </summary>
public static class DeployCommand
{
    public static Command Create()
    {
        var server = new ServerOptions();
        var root = new Command("deploy", "Serve a model at a stable URL, split traffic between versions, roll back, and manage endpoint keys.");
        server.AddTo(root);
        root.Subcommands.Add(CreateEndpoint(server));
        root.Subcommands.Add(Split(server));
        root.Subcommands.Add(List(server));
        root.Subcommands.Add(Show(server));
        root.Subcommands.Add(RollBack(server));
        root.Subcommands.Add(Delete(server));
        root.Subcommands.Add(Keys(server));
        return root;
    }

    private static Argument<string> NameArgument() => new("name") { Description = "The endpoint's name (part of its URL)." };

    private static Command CreateEndpoint(ServerOptions server)
    {
        var name = NameArgument();
        var model = new Option<string>("--model") { Description = "The registered model to serve.", Required = true };
        var version = new Option<string>("--version") { Description = "A version number, 'latest' or an alias (default: champion).", DefaultValueFactory = _ => "champion" };
        var command = new Command("create", "Create an endpoint for a model. Its version is loaded and warmed before it answers.") { name, model, version };
        command.SetAction((parse, ct) => RunAsync(server, parse, async (client, project) =>
        {
            var created = await client.SendJsonAsync<JsonObject>(HttpMethod.Post, $"api/v1/projects/{project}/endpoints",
                new { name = parse.GetValue(name), model = parse.GetValue(model), version = parse.GetValue(version) }, ct);
            Print(created, client);
        }, ct));
        return command;
    }

    private static Command Split(ServerOptions server)
    {
        var name = NameArgument();
        var targets = new Option<string[]>("--target") { Description = "VERSION=WEIGHT, e.g. champion=90; repeat for each target.", AllowMultipleArgumentsPerToken = false, Required = true };
        var shadows = new Option<string[]>("--shadow") { Description = "A version that scores every request in the background; its answers are logged, not returned." };
        var command = new Command("split", "Set the traffic split, e.g. --target champion=90 --target challenger=10 --shadow v4.") { name, targets, shadows };
        command.SetAction((parse, ct) => RunAsync(server, parse, async (client, project) =>
        {
            var parsed = (parse.GetValue(targets) ?? []).Select(ParseTarget).ToList();
            var updated = await client.SendJsonAsync<JsonObject>(HttpMethod.Put, $"api/v1/projects/{project}/endpoints/{parse.GetValue(name)}/split",
                new { targets = parsed, shadows = parse.GetValue(shadows) ?? [] }, ct);
            Print(updated, client);
        }, ct));
        return command;
    }

    private static Command List(ServerOptions server)
    {
        var command = new Command("list", "The project's endpoints and their splits.");
        command.SetAction((parse, ct) => RunAsync(server, parse, async (client, project) =>
        {
            var page = await client.GetAsync<JsonObject>($"api/v1/projects/{project}/endpoints?limit=500", ct);
            foreach (var endpoint in page["items"]!.AsArray().OfType<JsonObject>())
            {
                Console.WriteLine($"{(string?)endpoint["name"],-24} {(string?)endpoint["model"],-20} {SplitText(endpoint)}");
            }
        }, ct));
        return command;
    }

    private static Command Show(ServerOptions server)
    {
        var name = NameArgument();
        var command = new Command("show", "One endpoint: its split, URL, rollback policy and live stats.") { name };
        command.SetAction((parse, ct) => RunAsync(server, parse, async (client, project) =>
        {
            var path = $"api/v1/projects/{project}/endpoints/{parse.GetValue(name)}";
            Print(await client.GetAsync<JsonObject>(path, ct), client);
            var stats = await client.GetAsync<JsonObject>(path + "/stats", ct);
            foreach (var target in stats["targets"]!.AsArray().OfType<JsonObject>())
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {(string?)target["version"],-16} {(long)target["requests"]!} requests, {(long)target["errors"]!} errors, p50 {(double?)target["p50Ms"]} ms, p99 {(double?)target["p99Ms"]} ms"));
            }
        }, ct));
        return command;
    }

    private static Command RollBack(ServerOptions server)
    {
        var name = NameArgument();
        var command = new Command("rollback", "Put back the split from before the last change.") { name };
        command.SetAction((parse, ct) => RunAsync(server, parse, async (client, project) =>
            Print(await client.SendJsonAsync<JsonObject>(HttpMethod.Post, $"api/v1/projects/{project}/endpoints/{parse.GetValue(name)}/rollback", null, ct), client), ct));
        return command;
    }

    private static Command Delete(ServerOptions server)
    {
        var name = NameArgument();
        var command = new Command("delete", "Delete an endpoint; its keys stop working.") { name };
        command.SetAction((parse, ct) => RunAsync(server, parse, async (client, project) =>
        {
            await client.SendAsync(HttpMethod.Delete, $"api/v1/projects/{project}/endpoints/{parse.GetValue(name)}", ct);
            Console.WriteLine($"Deleted endpoint {parse.GetValue(name)}.");
        }, ct));
        return command;
    }

    private static Command Keys(ServerOptions server)
    {
        var keyName = new Option<string>("--name") { Description = "What the key is for, e.g. 'web shop'.", Required = true };
        var endpoint = new Option<string?>("--endpoint") { Description = "Limit the key to this endpoint (default: every endpoint of the project)." };
        var create = new Command("create", "Create a key an application uses to call endpoints. It can only predict. The secret is shown once.") { keyName, endpoint };
        create.SetAction((parse, ct) => RunAsync(server, parse, async (client, project) =>
        {
            var created = await client.SendJsonAsync<JsonObject>(HttpMethod.Post, $"api/v1/projects/{project}/endpoint-keys", new { name = parse.GetValue(keyName), endpoint = parse.GetValue(endpoint) }, ct);
            Console.WriteLine($"Created endpoint key {(string?)created["key"]!["id"]} ({(string?)created["key"]!["name"]}). Copy the secret now; it is not shown again:");
            Console.WriteLine((string?)created["secret"]);
        }, ct));
        var list = new Command("list", "The project's endpoint keys (never their secrets).");
        list.SetAction((parse, ct) => RunAsync(server, parse, async (client, project) =>
        {
            foreach (var key in (await client.GetAsync<JsonArray>($"api/v1/projects/{project}/endpoint-keys", ct)).OfType<JsonObject>())
            {
                var state = key["revokedAt"] is null ? "active" : "revoked";
                Console.WriteLine($"{(string?)key["id"]}  {(string?)key["prefix"]}…  {(string?)key["name"],-20} {(string?)key["endpoint"] ?? "every endpoint",-20} {state}, last used {(string?)key["lastUsedAt"] ?? "never"}");
            }
        }, ct));
        var id = new Argument<Guid>("id") { Description = "The key's id (from 'augur deploy key list')." };
        var revoke = new Command("revoke", "Revoke an endpoint key; applications using it get 401 from then on.") { id };
        revoke.SetAction((parse, ct) => RunAsync(server, parse, async (client, project) =>
        {
            await client.SendAsync(HttpMethod.Delete, $"api/v1/projects/{project}/endpoint-keys/{parse.GetValue(id)}", ct);
            Console.WriteLine($"Revoked endpoint key {parse.GetValue(id)}.");
        }, ct));
        return new Command("key", "Endpoint keys: credentials for applications, separate from people's accounts.") { create, list, revoke };
    }

    private static object ParseTarget(string text)
    {
        var equals = text.LastIndexOf('=');
        if (equals <= 0 || !int.TryParse(text[(equals + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var weight))
        {
            throw new UsageException($"--target '{text}': write VERSION=WEIGHT, e.g. champion=90.");
        }

        return new { version = text[..equals], weight };
    }

    private static Task<int> RunAsync(ServerOptions server, ParseResult parse, Func<AugurServer, Guid, Task> action, CancellationToken cancellationToken) =>
        server.RunAsync(parse, action, cancellationToken);

    private static void Print(JsonObject endpoint, AugurServer client)
    {
        Console.WriteLine($"Endpoint {(string?)endpoint["name"]} serves model {(string?)endpoint["model"]}: {SplitText(endpoint)}");
        Console.WriteLine($"  POST {new Uri(client.BaseAddress, ((string?)endpoint["predictPath"])!.TrimStart('/'))}");
        if ((string?)endpoint["lastRollbackReason"] is { } reason)
        {
            Console.WriteLine($"  Rolled back automatically at {(string?)endpoint["lastRollbackAt"]}: {reason}");
        }
    }

    private static string SplitText(JsonObject endpoint)
    {
        var targets = string.Join(", ", endpoint["targets"]!.AsArray().OfType<JsonObject>().Select(t => $"{(string?)t["version"]}={(int)t["weight"]!}"));
        var shadows = endpoint["shadows"]!.AsArray().Select(s => (string?)s).ToList();
        return shadows.Count == 0 ? targets : $"{targets}; shadow {string.Join(", ", shadows)}";
    }
}
