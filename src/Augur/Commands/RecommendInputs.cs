using System.CommandLine;
using Augur.Recommend.Data;

namespace Augur.Commands;

/// <summary>The column options both recommend verbs share, and reading a log with them.</summary>
public sealed class RecommendInputs
{
    public Option<string?> UserColumn { get; } = new("--user-col") { Description = "The user column (guessed from the header when omitted: user_id, userID, Member_number…)." };

    public Option<string?> ItemColumn { get; } = new("--item-col") { Description = "The item column (guessed when omitted: ecom.nm, itemID, sku…)." };

    public Option<string?> TimeColumn { get; } = new("--time-col") { Description = "The event time column (guessed when omitted; 'none' for no time)." };

    public Option<string?> WeightColumn { get; } = new("--weight-col") { Description = "A weight or rating column; every event counts 1 when omitted." };

    public Option<string?> EventColumn { get; } = new("--event-col") { Description = "The event type column (event_type in a store export); its weight multiplies the row's." };

    public Option<string?> EventWeights { get; } = new("--event-weights") { Description = "Weights per event type, e.g. view=1,cart=3,purchase=5 (the default)." };

    public Option<string?> Settings { get; } = new("--set") { Description = "Model settings, e.g. lambda=300 or factors=128,alpha=20." };

    public void AddTo(Command command)
    {
        command.Options.Add(UserColumn);
        command.Options.Add(ItemColumn);
        command.Options.Add(TimeColumn);
        command.Options.Add(WeightColumn);
        command.Options.Add(EventColumn);
        command.Options.Add(EventWeights);
        command.Options.Add(Settings);
    }

    public InteractionColumns Columns(ParseResult parse, string path)
    {
        var header = ColumnGuess.Header(path);
        var user = parse.GetValue(UserColumn) ?? ColumnGuess.User(header)
            ?? throw new UsageException($"{path}: name the user column with --user-col (columns: {string.Join(", ", header)}).");
        var item = parse.GetValue(ItemColumn) ?? ColumnGuess.Item(header)
            ?? throw new UsageException($"{path}: name the item column with --item-col (columns: {string.Join(", ", header)}).");
        var time = parse.GetValue(TimeColumn) ?? ColumnGuess.Time(header);
        var eventColumn = parse.GetValue(EventColumn) ?? (header.Contains("event_type") ? "event_type" : null);
        var weights = parse.GetValue(EventWeights) is { } text ? Parse(() => InteractionColumns.ParseEventWeights(text)) : InteractionColumns.DefaultEventWeights;
        return new InteractionColumns(user, item)
        {
            Time = string.Equals(time, "none", StringComparison.OrdinalIgnoreCase) ? null : time,
            Weight = parse.GetValue(WeightColumn),
            EventType = eventColumn,
            EventWeights = weights,
        };
    }

    public Dictionary<string, string> ModelSettings(ParseResult parse) =>
        Parse(() => Recommend.Models.RecommenderFactory.ParseSettings(parse.GetValue(Settings)));

    private static T Parse<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (FormatException ex)
        {
            throw new UsageException(ex.Message, ex);
        }
    }
}
