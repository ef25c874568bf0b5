namespace Augur.Data.Inference;

/// <summary>How the date part of a value is written. A column must stick to one family to be a date column.</summary>
[Flags]
internal enum DateFamily
{
    None = 0,

    /// <summary><c>yyyy-MM-dd</c> (also <c>yyyy/MM/dd</c>).</summary>
    Iso = 1,

    /// <summary><c>dd.MM.yyyy</c>.</summary>
    Dotted = 2,

    /// <summary><c>MM/dd/yyyy</c>.</summary>
    MonthFirst = 4,

    /// <summary><c>dd/MM/yyyy</c>.</summary>
    DayFirst = 8,

    /// <summary>A month by its English name: <c>01-Jan-2024</c>, <c>1 January 2024</c>, <c>Jan 5, 2024</c>.</summary>
    NamedMonth = 64,

    All = Iso | Dotted | MonthFirst | DayFirst | NamedMonth,

    /// <summary>Seconds since 1970-01-01 UTC, in an integer column whose name says it holds a time.</summary>
    UnixSeconds = 16,

    /// <summary>Milliseconds since 1970-01-01 UTC (JavaScript's Date.now()), likewise.</summary>
    UnixMilliseconds = 32,
}
