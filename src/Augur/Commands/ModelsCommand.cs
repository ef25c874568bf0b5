using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Augur.Remote;
using Spectre.Console;

namespace Augur.Commands;

/// <summary>
/// `augur models …`: the model registry of a project on a running server — list, show, promote an alias, roll it
/// back, tag, describe, export and import bundles. Tables go to stdout; `--json` prints the server's JSON instead.
/// </summary>
public static class ModelsCommand
{
    public static Command Create()
    {
        var server = new ServerOptions();
        var json = new Option<bool>("--json") { Description = "Print the server's JSON instead of a table.", Recursive = true };
        var command = new Command("models", "The model registry on an Augur server: versions, aliases such as 'champion', tags, export and import.");
        server.AddTo(command);
        command.Options.Add(json);
        command.Subcommands.Add(List(server, json));
        command.Subcommands.Add(Show(server, json));
        command.Subcommands.Add(Promote(server));
        command.Subcommands.Add(Rollback(server));
        command.Subcommands.Add(Tag(server));
        command.Subcommands.Add(Describe(server));
        command.Subcommands.Add(Export(server));
        command.Subcommands.Add(Import(server));
        return command;
    }

    private static Command List(ServerOptions server, Option<bool> json)
    {
        var command = new Command("list", "The project's models with their newest version and aliases.");
        command.SetAction((parse, ct) => RunAsync(server, parse, async (client, models) =>
        {
            var page = await client.GetAsync<JsonObject>($"{models}?limit=500", ct);
            if (parse.GetValue(json))
            {
                Console.WriteLine(page.ToJsonString(Pretty));
                return;
            }

            var table = new Table().AddColumns("Model", "Latest", "Quality", "Aliases", "Description");
            foreach (var m in page["items"]!.AsArray().OfType<JsonObject>())
            {
                table.AddRow(
                    Markup.Escape((string)m["name"]!),
                    m["latestVersion"] is { } v ? $"v{v}" : "-",
                    m["metric"] is { } metric ? $"{metric} {Number(m["metricValue"])}" : "-",
                    Markup.Escape(string.Join(", ", m["aliasVersionIds"]!.AsObject().Select(a => a.Key))),
                    Markup.Escape((string?)m["description"] ?? ""));
            }

            AnsiConsole.Write(table);
        }));
        return command;
    }

    private static Command Show(ServerOptions server, Option<bool> json)
    {
        var name = new Argument<string>("model") { Description = "The model's name." };
        var command = new Command("show", "One model: every version with its lineage, and where each alias points.") { name };
        command.SetAction((parse, ct) => RunAsync(server, parse, async (client, models) =>
        {
            var model = await client.GetAsync<JsonObject>($"{models}/{Uri.EscapeDataString(parse.GetValue(name)!)}", ct);
            if (parse.GetValue(json))
            {
                Console.WriteLine(model.ToJsonString(Pretty));
                return;
            }

            AnsiConsole.MarkupLine($"[bold]{Markup.Escape((string)model["name"]!)}[/] {Markup.Escape((string?)model["description"] ?? "")}");
            var table = new Table().AddColumns("Version", "Aliases", "Quality", "Trainer", "Source", "Trained on (dataset hash)", "Created");
            foreach (var v in model["versions"]!.AsArray().OfType<JsonObject>())
            {
                table.AddRow(
                    $"v{v["version"]}",
                    Markup.Escape(string.Join(", ", v["aliases"]!.AsArray().Select(a => (string)a!))),
                    $"{v["metric"]} {Number(v["metricValue"])}",
                    Markup.Escape((string)v["trainer"]!),
                    (string)v["source"]!,
                    ((string?)v["datasetHash"])?[..12] ?? "-",
                    ((DateTime)v["createdAt"]!).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);

            // The sentence is too long for a column; it says how the served model was made (refitted on all rows,
            // an average of fold models, an ensemble), which an analyst comparing versions wants to know.
            foreach (var v in model["versions"]!.AsArray().OfType<JsonObject>())
            {
                if ((string?)v["servedModels"] is { Length: > 0 } served)
                {
                    AnsiConsole.MarkupLine($"v{v["version"]}: {Markup.Escape(served)}");
                }
            }
        }));
        return command;
    }

    private static Command Promote(ServerOptions server)
    {
        var name = new Argument<string>("model") { Description = "The model's name." };
        var version = new Argument<string>("version") { Description = "The version to point at: a number (3, v3), 'latest', or another alias." };
        var alias = new Option<string>("--alias") { Description = "The alias to move (default: champion).", DefaultValueFactory = _ => "champion" };
        var command = new Command("promote", "Point an alias (default 'champion') at a version.") { name, version, alias };
        command.SetAction((parse, ct) => RunAsync(server, parse, async (client, models) =>
        {
            var result = await client.SendJsonAsync<JsonObject>(HttpMethod.Put, $"{models}/{Uri.EscapeDataString(parse.GetValue(name)!)}/aliases/{Uri.EscapeDataString(parse.GetValue(alias)!)}", new { version = parse.GetValue(version) }, ct);
            Console.WriteLine(Moved(parse.GetValue(name)!, result));
        }));
        return command;
    }

    private static Command Rollback(ServerOptions server)
    {
        var name = new Argument<string>("model") { Description = "The model's name." };
        var alias = new Option<string>("--alias") { Description = "The alias to roll back (default: champion).", DefaultValueFactory = _ => "champion" };
        var command = new Command("rollback", "Point an alias back at the version it pointed at before its last change.") { name, alias };
        command.SetAction((parse, ct) => RunAsync(server, parse, async (client, models) =>
        {
            var result = await client.SendJsonAsync<JsonObject>(HttpMethod.Post, $"{models}/{Uri.EscapeDataString(parse.GetValue(name)!)}/aliases/{Uri.EscapeDataString(parse.GetValue(alias)!)}/rollback", null, ct);
            Console.WriteLine(Moved(parse.GetValue(name)!, result));
        }));
        return command;
    }

    private static Command Tag(ServerOptions server)
    {
        var name = new Argument<string>("model") { Description = "The model's name." };
        var tags = new Argument<string[]>("tags") { Description = "key=value pairs; they replace the current tags.", Arity = ArgumentArity.OneOrMore };
        var version = new Option<int?>("--version") { Description = "Tag this version instead of the model." };
        var command = new Command("tag", "Set tags on a model or one of its versions.") { name, tags, version };
        command.SetAction((parse, ct) => RunAsync(server, parse, async (client, models) =>
        {
            var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in parse.GetValue(tags)!)
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    throw new UsageException($"'{pair}' is not a tag: write key=value.");
                }

                pairs[pair[..equals]] = pair[(equals + 1)..];
            }

            await client.SendJsonAsync<JsonObject>(HttpMethod.Patch, Target(models, parse.GetValue(name)!, parse.GetValue(version)), new { tags = pairs }, ct);
            Console.WriteLine($"Tagged {parse.GetValue(name)}{(parse.GetValue(version) is { } v ? $" v{v}" : "")}: {string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}"))}");
        }));
        return command;
    }

    private static Command Describe(ServerOptions server)
    {
        var name = new Argument<string>("model") { Description = "The model's name." };
        var text = new Argument<string>("description") { Description = "What the model is for, in a sentence." };
        var version = new Option<int?>("--version") { Description = "Describe this version instead of the model." };
        var command = new Command("describe", "Set the description of a model or one of its versions.") { name, text, version };
        command.SetAction((parse, ct) => RunAsync(server, parse, async (client, models) =>
        {
            await client.SendJsonAsync<JsonObject>(HttpMethod.Patch, Target(models, parse.GetValue(name)!, parse.GetValue(version)), new { description = parse.GetValue(text) }, ct);
            Console.WriteLine($"Described {parse.GetValue(name)}{(parse.GetValue(version) is { } v ? $" v{v}" : "")}.");
        }));
        return command;
    }

    private static Command Export(ServerOptions server)
    {
        var name = new Argument<string>("model") { Description = "The model's name." };
        var version = new Option<string>("--version") { Description = "A number, 'latest' (default) or an alias.", DefaultValueFactory = _ => "latest" };
        var output = new Option<string>("--out") { Description = "Where to save the bundle (.augur).", Required = true };
        var command = new Command("export", "Download a version's bundle, e.g. to import it into another Augur or score with 'augur predict'.") { name, version, output };
        command.SetAction((parse, ct) => RunAsync(server, parse, async (client, models) =>
        {
            var bytes = await client.DownloadAsync($"{models}/{Uri.EscapeDataString(parse.GetValue(name)!)}/versions/{Uri.EscapeDataString(parse.GetValue(version)!)}/bundle", parse.GetValue(output)!, ct);
            Console.WriteLine($"Saved {parse.GetValue(name)} ({parse.GetValue(version)}) to {parse.GetValue(output)} ({bytes:N0} bytes).");
        }));
        return command;
    }

    private static Command Import(ServerOptions server)
    {
        var name = new Argument<string>("model") { Description = "The model to add the version to (created if it does not exist)." };
        var file = new Argument<string>("bundle") { Description = "A bundle (.augur) exported from Augur or written by 'augur train'." };
        var description = new Option<string>("--description") { Description = "What this version is." };
        var command = new Command("import", "Upload a bundle as the model's next version.") { name, file, description };
        command.SetAction((parse, ct) => RunAsync(server, parse, async (client, models) =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new UsageException($"{path}: the file does not exist.");
            }

            var fields = parse.GetValue(description) is { } d ? new Dictionary<string, string> { ["description"] = d } : null;
            var version = await client.UploadAsync<JsonObject>($"{models}/{Uri.EscapeDataString(parse.GetValue(name)!)}/versions", path, fields, ct);
            Console.WriteLine($"Imported {path} as {parse.GetValue(name)} v{version["version"]}.");
        }));
        return command;
    }

    private static Task<int> RunAsync(ServerOptions server, ParseResult parse, Func<AugurServer, string, Task> action) =>
        CliErrors.RunAsync(async () =>
        {
            using var client = server.Connect(parse);
            var projectId = await client.ProjectIdAsync(server.ProjectName(parse), CancellationToken.None);
            await action(client, $"api/v1/projects/{projectId}/models");
            return CliErrors.Ok;
        });

    private static string Target(string models, string name, int? version) =>
        version is { } v ? $"{models}/{Uri.EscapeDataString(name)}/versions/{v}" : $"{models}/{Uri.EscapeDataString(name)}";

    private static string Moved(string model, JsonObject alias) =>
        $"{model}: {alias["name"]} now points at v{alias["version"]}" + (alias["previousVersion"] is { } p ? $" (was v{p})." : ".");

    private static string Number(JsonNode? value) =>
        value is null ? "-" : value.GetValue<double>().ToString("0.###", CultureInfo.InvariantCulture);

    private static readonly System.Text.Json.JsonSerializerOptions Pretty = new() { WriteIndented = true };
}
