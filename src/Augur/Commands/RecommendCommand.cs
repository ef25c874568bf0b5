using System.CommandLine;

namespace Augur.Commands;

/// <summary>`augur recommend train|evaluate`: personalised top-k from event logs.</summary>
public static class RecommendCommand
{
    public static Command Create() => new("recommend", "Recommend items to users from event logs (views, carts, purchases, ratings).")
    {
        RecommendTrainCommand.Create(),
        RecommendEvaluateCommand.Create(),
    };
}
