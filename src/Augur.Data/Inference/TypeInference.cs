using Augur.Data.Schema;

namespace Augur.Data.Inference;

/// <summary>
/// Turns what pass 1 saw into a column type. Every value must fit a type for the column to get it; one stray
/// value widens the column to a string kind (categorical, text or identifier), so no value is ever dropped.
/// Order: boolean (needs a word such as yes/no; 0/1 alone stays integer), integer, number, date/datetime, then
/// identifier, categorical, text.
/// </summary>
internal static class TypeInference
{
    /// <summary>Fewer rows than this and a unique column is not called an identifier: it may just be a small table.</summary>
    public const int MinIdentifierRows = 20;

    public static ColumnPlan Decide(string name, ColumnAccumulator column, long rows, IReadOnlyDictionary<string, ColumnType>? overrides)
    {
        var inferred = Decide(name, column, rows);
        return overrides is not null && overrides.TryGetValue(name, out var type) && type != inferred.Type
            ? inferred with
            {
                Type = type,
                Role = type == ColumnType.Identifier ? ColumnRole.Identifier : ColumnRole.Feature,
                Labels = type == ColumnType.Boolean ? BooleanSpelling.Find(column.Counts) : null,
            }
            : inferred;
    }

    public static ColumnPlan Decide(string name, ColumnAccumulator column, long rows)
    {
        var nullable = column.NonMissing < rows;
        var plan = new ColumnPlan(name, ColumnType.Text, ColumnRole.Feature, nullable, '.', DateFamily.None, 0, 0);
        if (column.NonMissing == 0)
        {
            return plan;
        }

        if (column.CanBoolean && column.SawBooleanWord)
        {
            return plan with { Type = ColumnType.Boolean, Labels = BooleanSpelling.Find(column.Counts) };
        }

        var number = ChooseNumber(column);
        if (number is not null)
        {
            plan = plan with { DecimalSeparator = number.DecimalSeparator, Min = number.Min, Max = number.Max };
            if (!number.AllWhole)
            {
                return plan with { Type = ColumnType.Number };
            }

            if (UnixEpoch.Family(name, number.Min, number.Max) is var epoch and not DateFamily.None)
            {
                return plan with { Type = ColumnType.DateTime, DateFamily = epoch };
            }

            var contiguous = number.Max - number.Min + 1 == column.NonMissing;
            return IsKey(column) && (LooksLikeIdName(name) || contiguous)
                ? plan with { Type = ColumnType.Identifier, Role = ColumnRole.Identifier }
                : plan with { Type = ColumnType.Integer };
        }

        if (column.Dates != DateFamily.None)
        {
            var family = column.Dates switch
            {
                var f when f.HasFlag(DateFamily.Iso) => DateFamily.Iso,
                var f when f.HasFlag(DateFamily.Dotted) => DateFamily.Dotted,
                var f when f.HasFlag(DateFamily.MonthFirst) => DateFamily.MonthFirst,
                var f when f.HasFlag(DateFamily.DayFirst) => DateFamily.DayFirst,
                _ => DateFamily.NamedMonth,
            };
            return plan with { Type = column.SawTime ? ColumnType.DateTime : ColumnType.Date, DateFamily = family };
        }

        if (IsKey(column) && !column.AnyWhitespace && column.MaxLength <= 100)
        {
            return plan with { Type = ColumnType.Identifier, Role = ColumnRole.Identifier };
        }

        var categoricalLimit = Math.Clamp(column.NonMissing / 20, 20, 1_000);
        var averageLength = (double)column.TotalLength / column.NonMissing;
        return !column.DistinctCapped && column.Counts.Count <= categoricalLimit && averageLength <= 100
            ? plan with { Type = ColumnType.Categorical }
            : plan;
    }

    private static bool IsKey(ColumnAccumulator column) => column.Unique && column.NonMissing >= MinIdentifierRows;

    private static NumberCandidate? ChooseNumber(ColumnAccumulator column)
    {
        var dot = column.Dot;
        var comma = column.Comma;
        if (dot.Possible && comma.Possible)
        {
            // "1,5" kills the dot reading; here both survive, e.g. "1,234": in a file not delimited by commas a
            // comma with no dot anywhere is read as the decimal separator, as such exports mean it.
            return comma.SawSeparator && !dot.SawSeparator ? comma : dot;
        }

        return dot.Possible ? dot : comma.Possible ? comma : null;
    }

    private static bool LooksLikeIdName(string name)
    {
        if (name.Equals("id", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (name.EndsWith("ID", StringComparison.Ordinal) || name.EndsWith("Id", StringComparison.Ordinal))
        {
            return name.Length > 2 && (char.IsLower(name[^3]) || name[^3] is '_' or '-' or ' ');
        }

        return name.EndsWith("_id", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith("-id", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(" id", StringComparison.OrdinalIgnoreCase);
    }
}
