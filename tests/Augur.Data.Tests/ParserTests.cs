using Augur.Data.Inference;

namespace Augur.Data.Tests;

public sealed class ParserTests
{
    [Theory]
    [InlineData("1234.5", '.', 1234.5)]
    [InlineData("1,234.56", '.', 1234.56)]
    [InlineData("1 234,56", ',', 1234.56)]
    [InlineData("1.234,56", ',', 1234.56)]
    [InlineData("1234,56", ',', 1234.56)]
    [InlineData("€ 99", '.', 99)]
    [InlineData("-$5.25", '.', -5.25)]
    [InlineData("12.5%", '.', 12.5)]
    [InlineData("1e3", '.', 1000)]
    [InlineData("0.5", '.', 0.5)]
    public void Numbers_in_export_formats_parse(string text, char decimalSeparator, double expected)
    {
        Assert.True(NumberParser.TryParse(text, decimalSeparator, out var value, out _, out _));
        Assert.Equal(expected, value, 9);
    }

    [Theory]
    [InlineData("12,34.5")]
    [InlineData("1,2")]
    [InlineData("007")]
    [InlineData("1.2.3")]
    [InlineData("abc")]
    [InlineData("12-34")]
    [InlineData("1.")]
    public void Things_that_are_not_numbers_do_not_parse(string text) =>
        Assert.False(NumberParser.TryParse(text, '.', out _, out _, out _));

    // The flags as ints, because DateFamily is internal and a public test method cannot take it:
    // Iso 1, Dotted 2, MonthFirst 4, DayFirst 8, NamedMonth 64.
    [Theory]
    [InlineData("2024-02-29", 1, false)]
    [InlineData("29.02.2024", 2, false)]
    [InlineData("13/01/2024", 8, false)]
    [InlineData("01/13/2024", 4, false)]
    [InlineData("01/02/2024", 4 | 8, false)]
    [InlineData("2024-01-02T03:04:05.123+02:00", 1, true)]
    [InlineData("2023-02-29", 0, false)]
    [InlineData("2024-13-01", 0, false)]
    [InlineData("01-Jan-1995", 64, false)]
    [InlineData("5 March 2024", 64, false)]
    [InlineData("Mar 5, 2024", 64, false)]
    [InlineData("September 30, 2024", 64, false)]
    [InlineData("31-Feb-2024", 0, false)]
    [InlineData("Mar 5, 24", 0, false)]
    [InlineData("Product 2024", 0, false)]
    [InlineData("123456789-", 0, false)]
    public void Date_families_are_recognised(string text, int expected, bool hasTime)
    {
        Assert.Equal((DateFamily)expected, DateParser.Families(text, out var time));
        Assert.Equal(hasTime, time);
    }

    [Theory]
    [InlineData("01-Jan-1995", "1995-01-01")]
    [InlineData("5 March 2024", "2024-03-05")]
    [InlineData("Mar 5, 2024", "2024-03-05")]
    public void A_named_month_date_reads_as_its_day(string text, string expected)
    {
        Assert.True(DateParser.TryParse(text, DateFamily.NamedMonth, out var value, out var offset));
        Assert.Equal(expected, value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Null(offset);
    }
}
