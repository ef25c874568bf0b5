using System.CommandLine;

namespace Augur.Commands;

/// <summary>The `augur` command line: one verb per file in this folder.</summary>
public static class AugurCli
{
    public static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Augur: predictions from your data. Run 'augur serve' for the dashboard, or use the verbs below on files.")
        {
            ServeCommand.Create(),
            WorkerCommand.Create(),
            IngestCommand.Create(),
            TrainCommand.Create(),
            PredictCommand.Create(),
            ScoreCommand.Create(),
            RecommendCommand.Create(),
            AuditCommand.Create(),
            KeysCommand.Create(),
            ModelsCommand.Create(),
            DeployCommand.Create(),
            MonitorCommand.Create(),
            TrialCommand.Create(),
        };
        return root.Parse(args).InvokeAsync();
    }
}
