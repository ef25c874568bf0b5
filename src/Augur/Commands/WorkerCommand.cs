using System.CommandLine;
using Augur.Platform;
using Augur.Platform.Startup;
using Microsoft.Extensions.Hosting;

namespace Augur.Commands;

/// <summary>
/// `augur worker`: runs jobs only, no web server. Point it at the same PostgreSQL database as the servers
/// (--Database:Provider=PostgreSql --Database:ConnectionString=…) and the same artifact store (--data), and
/// Quartz's clustering shares the jobs among all nodes.
/// </summary>
public static class WorkerCommand
{
    public static Command Create()
    {
        var workers = new Option<int?>("--workers") { Description = "Jobs this worker runs at once (default 2)." };
        var data = new Option<string?>("--data") { Description = "The data folder; on several machines, shared storage mounted on each." };
        var command = new Command("worker", "Run training jobs for the servers that share this database.") { workers, data };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var args = new List<string>(parse.UnmatchedTokens) { "--Augur:Role=Worker" };
            if (parse.GetValue(workers) is { } n)
            {
                args.Add($"--Augur:Workers={n}");
            }

            if (parse.GetValue(data) is { } d)
            {
                args.Add($"--Augur:DataDirectory={d}");
            }

            var builder = Host.CreateApplicationBuilder([.. args]);
            builder.UseAugurDefaults();
            builder.AddAugurPlatform();
            using var host = builder.Build();
            await host.StartAsync(cancellationToken);
            Console.WriteLine("Augur worker is running (Ctrl+C stops it).");
            await host.WaitForShutdownAsync(cancellationToken);
            return CliErrors.Ok;
        });
        return command;
    }
}
