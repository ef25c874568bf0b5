using System.CommandLine;
using System.Text.Json;
using Augur.Data;
using Augur.Recommend.Bundles;

namespace Augur.Commands;

/// <summary>`augur recommend user --model PATH --user ID`: a user's top k with reasons, or `--similar ITEM`, from a bundle.</summary>
public static class RecommendUserCommand
{
    public static Command Create()
    {
        var modelPath = new Option<string>("--model") { Description = "A recommender.augurrec file, or the folder 'recommend train' wrote.", Required = true };
        var user = new Option<string?>("--user") { Description = "The user id; an unknown user gets the popular items." };
        var similar = new Option<string?>("--similar") { Description = "Instead of --user: items similar to this item id." };
        var k = new Option<int>("--k") { Description = "How many items.", DefaultValueFactory = _ => 10 };
        var keepSeen = new Option<bool>("--keep-seen") { Description = "Allow items the user already has." };
        var command = new Command("user", "Print a user's recommendations (or an item's similar items) as JSON.") { modelPath, user, similar, k, keepSeen };
        command.SetAction((parse, cancellationToken) => CliErrors.RunAsync(async () =>
        {
            var path = parse.GetValue(modelPath)!;
            if (Directory.Exists(path))
            {
                path = Path.Combine(path, RecommendTrainCommand.BundleName);
            }

            var (model, info) = await RecommenderBundle.LoadAsync(path, cancellationToken);
            var ids = model.Train.Items.Ids;
            if (parse.GetValue(similar) is { } itemId)
            {
                var item = model.Train.Items.IndexOf(itemId);
                if (item < 0)
                {
                    throw new UsageException($"{path}: item '{itemId}' is not in the model.");
                }

                var items = model.SimilarItems(item, parse.GetValue(k)).Select(s => new { item = ids[s.Item], score = s.Score });
                Console.WriteLine(JsonSerializer.Serialize(new { model = info.Model, similarTo = itemId, items }, AugurJson.Options));
                return CliErrors.Ok;
            }

            var userId = parse.GetValue(user) ?? throw new UsageException("give --user ID or --similar ITEM.");
            var index = model.Train.Users.IndexOf(userId);
            var top = model.Recommend(index, parse.GetValue(k), !parse.GetValue(keepSeen), withReasons: true);
            var result = top.Select(s => new { item = ids[s.Item], score = s.Score, reason = s.Reason });
            Console.WriteLine(JsonSerializer.Serialize(new { model = info.Model, user = userId, known = index >= 0, items = result }, AugurJson.Options));
            return CliErrors.Ok;
        }));
        return command;
    }
}
