using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Augur.Remote;
using Spectre.Console;

namespace Augur.Commands;

/// <summary>
/// `augur monitor …`: watching live models on a running server (docs/monitoring.md). drift compares an endpoint's
/// recent inputs with its training data, alerts lists what the hourly check raised (and dismisses it), and check
/// measures a model on a file whose outcomes are known now.
/// </summary>
public static class MonitorCommand
{
    public static Command Create()
    {
        var server = new ServerOptions();
        var json = new Option<bool>("--json") { Description = "Print the server's JSON instead of a table.", Recursive = true };
        var root = new Command("monitor", "Watch live models: whether their inputs drifted from the training data, open alerts, and whether they are still right.");
        server.AddTo(root);
        root.Options.Add(json);
        root.Subcommands.Add(Drift(server, json));
        root.Subcommands.Add(Alerts(server, json));
        root.Subcommands.Add(Dismiss(server));
        root.Subcommands.Add(Check(server, json));
        return root;
    }

    private static Command Drift(ServerOptions server, Option<bool> json)
    {
        var endpoint = new Argument<string>("endpoint") { Description = "The endpoint's name.", Arity = ArgumentArity.ZeroOrOne };
        var scoring = new Option<string>("--scoring") { Description = "Instead of an endpoint: a scoring job's id (printed by 'augur score'), to compare the file it scored." };
        var command = new Command("drift", "Whether an endpoint's recent inputs, or a file scored in batch, look like the data its model was trained on, column by column, and whether its answers moved.") { endpoint, scoring };
        command.SetAction((parse, ct) => server.RunAsync(parse, async (client, project) =>
        {
            var (name, job) = (parse.GetValue(endpoint), parse.GetValue(scoring));
            if ((name is null) == (job is null))
            {
                throw new UsageException("Name an endpoint (augur monitor drift churn-api) or a scoring job (augur monitor drift --scoring JOB), not both.");
            }

            if (job is not null && !Guid.TryParse(job, out _))
            {
                throw new UsageException($"--scoring {job}: not a scoring job id ('augur score' prints it).");
            }

            var reports = name is not null
                ? await client.GetAsync<JsonArray>($"api/v1/projects/{project}/endpoints/{Uri.EscapeDataString(name)}/drift", ct)
                : [await client.GetAsync<JsonObject>($"api/v1/projects/{project}/scoring/{job}/drift", ct)];
            if (parse.GetValue(json))
            {
                Console.WriteLine((name is not null ? reports : reports[0]!).ToJsonString(Pretty));
                return;
            }

            if (reports.Count == 0)
            {
                Console.WriteLine("No predictions were logged lately, so there is nothing to compare yet.");
            }

            foreach (var report in reports.OfType<JsonObject>())
            {
                Print(report);
            }
        }, ct));
        return command;
    }

    /// <summary>One drift report: its verdict, what the model answered (when known), and the columns in a table.</summary>
    private static void Print(JsonObject report)
    {
        var enough = report["enough"]!.GetValue<bool>();
        Console.WriteLine((string)report["summary"]!);
        if (report["answers"] is JsonObject answers)
        {
            AnsiConsole.MarkupLine($"Its answers: {Level((string)answers["level"]!, enough)}. {Markup.Escape((string)answers["sentence"]!)}");
        }

        var table = new Table().AddColumns("Column", "Change", "What changed most", "How far it moved");
        foreach (var column in report["columns"]!.AsArray().OfType<JsonObject>())
        {
            table.AddRow(
                Markup.Escape((string)column["column"]!),
                Level((string)column["level"]!, enough),
                Markup.Escape((string)column["sentence"]!),
                column["index"]!.GetValue<double>().ToString("0.00", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
    }

    private static Command Alerts(ServerOptions server, Option<bool> json)
    {
        var all = new Option<bool>("--all") { Description = "Also list the alerts that were dismissed." };
        var command = new Command("alerts", "The project's open alerts, newest first (with --all, the dismissed ones after them).") { all };
        command.SetAction((parse, ct) => server.RunAsync(parse, async (client, project) =>
        {
            var alerts = await client.GetAsync<JsonArray>($"api/v1/projects/{project}/alerts?includeDismissed={(parse.GetValue(all) ? "true" : "false")}", ct);
            if (parse.GetValue(json))
            {
                Console.WriteLine(alerts.ToJsonString(Pretty));
                return;
            }

            if (alerts.Count == 0)
            {
                Console.WriteLine(parse.GetValue(all) ? "No alerts." : "No open alerts.");
                return;
            }

            var table = new Table().AddColumns("Id", "Raised (UTC)", "Endpoint", "What", "Open");
            foreach (var alert in alerts.OfType<JsonObject>())
            {
                table.AddRow(
                    (string)alert["id"]!,
                    alert["raisedAt"]!.GetValue<DateTime>().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    Markup.Escape($"{alert["endpoint"]} v{alert["version"]}"),
                    Markup.Escape((string)alert["message"]!),
                    alert["open"]!.GetValue<bool>() ? "yes" : "dismissed");
            }

            AnsiConsole.Write(table);
        }, ct));
        return command;
    }

    private static Command Dismiss(ServerOptions server)
    {
        var id = new Argument<Guid>("alert") { Description = "The alert's id (augur monitor alerts lists them)." };
        var command = new Command("dismiss", "Close an alert once someone has looked at it.") { id };
        command.SetAction((parse, ct) => server.RunAsync(parse, async (client, project) =>
        {
            await client.SendJsonAsync<JsonObject>(HttpMethod.Post, $"api/v1/projects/{project}/alerts/{parse.GetValue(id)}/dismiss", null, ct);
            Console.WriteLine("Dismissed.");
        }, ct));
        return command;
    }

    private static Command Check(ServerOptions server, Option<bool> json)
    {
        var model = new Argument<string>("model") { Description = "The registered model to check." };
        var data = new Option<string>("--data") { Description = "A file of newer rows whose outcomes are known (the model's target column filled in); it is uploaded as a dataset of the project." };
        var dataset = new Option<string>("--dataset") { Description = "Instead of --data: a dataset of the project already uploaded (its name or id)." };
        var version = new Option<string>("--version") { Description = "A version number, 'latest' or an alias.", DefaultValueFactory = _ => "latest" };
        var command = new Command("check", "Is the model still right? Measures it on data whose outcomes are known now and compares with training.") { model, data, dataset, version };
        command.SetAction((parse, ct) => server.RunAsync(parse, async (client, project) =>
        {
            var datasetId = await DatasetIdAsync(client, project, parse.GetValue(data), parse.GetValue(dataset), ct);
            var check = await client.SendJsonAsync<JsonObject>(HttpMethod.Post,
                $"api/v1/projects/{project}/models/{Uri.EscapeDataString(parse.GetValue(model)!)}/versions/{Uri.EscapeDataString(parse.GetValue(version)!)}/checks",
                new { datasetId }, ct);
            Console.WriteLine(parse.GetValue(json) ? check.ToJsonString(Pretty) : (string)check["sentence"]!);
        }, ct));
        return command;
    }

    /// <summary>A column's change in words; below the predictions a verdict needs, it may be chance and says so.</summary>
    private static string Level(string level, bool enough) => (level switch
    {
        "changed" => enough ? "[red]changed a lot[/]" : "changed a lot",
        "shifting" => enough ? "[yellow]shifting[/]" : "shifting",
        _ => "stable",
    }) + (enough ? "" : " (too few to tell)");

    /// <summary>The dataset to check on: a file uploaded now, or one of the project's datasets by name or id.</summary>
    private static async Task<Guid> DatasetIdAsync(AugurServer client, Guid project, string? file, string? name, CancellationToken cancellationToken)
    {
        if ((file is null) == (name is null))
        {
            throw new UsageException("Give the data to check on: --data FILE (uploaded now) or --dataset NAME (already uploaded).");
        }

        if (file is not null)
        {
            var uploaded = await Terminal.Progress.RunAsync("Uploading…", _ => client.UploadAsync<JsonObject>($"api/v1/projects/{project}/datasets", file, null, cancellationToken));
            // A file of several tables becomes several datasets; the first is checked.
            return Guid.Parse((string)(uploaded["id"] ?? uploaded["datasets"]![0]!["id"])!);
        }

        var datasets = (await client.GetAsync<JsonArray>($"api/v1/projects/{project}/datasets", cancellationToken)).OfType<JsonObject>().ToList();
        var found = datasets.FirstOrDefault(d => (string)d["id"]! == name || (string)d["name"]! == name)
            ?? throw new UsageException($"--dataset {name}: the project has no such dataset. Its datasets are: {string.Join(", ", datasets.Select(d => (string)d["name"]!).Distinct())}.");
        return Guid.Parse((string)found["id"]!);
    }

    private static readonly System.Text.Json.JsonSerializerOptions Pretty = new() { WriteIndented = true };
}
