using System.CommandLine;

namespace Augur.Remote;

/// <summary>
/// The options every server verb (`augur models`, `augur deploy`, `augur score`) shares: where the server is, the
/// personal API key, and the project. Each falls back to an environment variable so that scripts set them once.
/// </summary>
public sealed class ServerOptions
{
    public const string DefaultServer = "http://localhost:5080";

    public Option<string> Server { get; } = new("--server")
    {
        Description = "The Augur server's address (default: $AUGUR_SERVER or http://localhost:5080).",
        Recursive = true,
    };

    public Option<string> ApiKey { get; } = new("--api-key")
    {
        Description = "A personal API key from the dashboard's Account page (default: $AUGUR_API_KEY).",
        Recursive = true,
    };

    public Option<string> Project { get; } = new("--project")
    {
        Description = "The project's name or id (default: $AUGUR_PROJECT).",
        Recursive = true,
    };

    /// <summary>Adds the options to a verb's root command; they apply to all its subcommands.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Server);
        command.Options.Add(ApiKey);
        command.Options.Add(Project);
    }

    public AugurServer Connect(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var server = parse.GetValue(Server) ?? Environment.GetEnvironmentVariable("AUGUR_SERVER") ?? DefaultServer;
        var key = parse.GetValue(ApiKey) ?? Environment.GetEnvironmentVariable("AUGUR_API_KEY")
            ?? throw new Commands.UsageException("Give an API key with --api-key or AUGUR_API_KEY (create one on the dashboard's Account page).");
        return new AugurServer(new Uri(server.EndsWith('/') ? server : server + "/"), key);
    }

    public string ProjectName(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return parse.GetValue(Project) ?? Environment.GetEnvironmentVariable("AUGUR_PROJECT")
            ?? throw new Commands.UsageException("Say which project with --project NAME or AUGUR_PROJECT.");
    }

    /// <summary>
    /// Runs a server verb: connects, finds the project, and runs <paramref name="action"/> with the client and the
    /// project's id; a problem ends it with one line on stderr and exit code 2 (<see cref="Commands.CliErrors"/>).
    /// </summary>
    public Task<int> RunAsync(ParseResult parse, Func<AugurServer, Guid, Task> action, CancellationToken cancellationToken) =>
        Commands.CliErrors.RunAsync(async () =>
        {
            using var client = Connect(parse);
            var project = await client.ProjectIdAsync(ProjectName(parse), cancellationToken);
            await action(client, project);
            return Commands.CliErrors.Ok;
        });
}
