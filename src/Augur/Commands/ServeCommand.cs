using System.CommandLine;
using Augur.Web;

namespace Augur.Commands;

/// <summary>`augur serve`: the web host with the dashboard, the API, the scheduler and its workers, in one process.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls") { Description = $"Where to listen (default http://localhost:{AugurWebApp.DefaultPort})." };
        var data = new Option<string?>("--data") { Description = "The data folder (default ./augur-data, or AUGUR_DATA)." };
        var workers = new Option<int?>("--workers") { Description = "Jobs this server runs at once (default 2); 0 leaves them to `augur worker` nodes." };
        var command = new Command("serve", "Start Augur: the dashboard, the REST API and the training jobs.") { urls, data, workers };
        // Anything else (e.g. --Database:Provider=PostgreSql) is passed to the host's configuration.
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var hostArgs = new List<string>(parse.UnmatchedTokens);
            if (parse.GetValue(urls) is { } u)
            {
                hostArgs.Add($"--urls={u}");
            }

            if (parse.GetValue(workers) is { } n)
            {
                hostArgs.Add($"--Augur:Workers={n}");
            }

            if (parse.GetValue(data) is { } d)
            {
                hostArgs.Add($"--Augur:DataDirectory={d}");
            }

            var app = AugurWebApp.Create([.. hostArgs]);
            app.Lifetime.ApplicationStarted.Register(() =>
            {
                foreach (var address in app.Urls)
                {
                    Console.WriteLine($"Augur is running. Open {address} in your browser (Ctrl+C stops it).");
                }
            });
            try
            {
                await app.RunAsync(cancellationToken);
            }
            catch (IOException ex) when (ex.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
                await Console.Error.WriteLineAsync($"augur: {ex.Message} Is Augur already running? Start it elsewhere with --urls http://localhost:5081");
                return CliErrors.BadInput;
            }

            return CliErrors.Ok;
        });
        return command;
    }
}
