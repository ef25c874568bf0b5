namespace Augur.Data.Schema;

/// <summary>
/// How a boolean column spelled its values in the source ("Yes"/"No", "да"/"нет"): the JSONL holds true/false, and
/// these are the words to show a person instead. Written in the schema as <c>"labels": {"true": "Yes", "false": "No"}</c>.
/// </summary>
public sealed record BooleanLabels(string True, string False)
{
    public string Spell(bool value) => value ? True : False;
}
