using NCalc;

namespace Augur.Learning.Features;

/// <summary>
/// A fast path for expressions made only of numeric columns, number literals, <c>+</c>, <c>-</c> and <c>*</c> (such as the
/// location features, <c>[longitude] * 0.98 + [latitude] * 0.17</c>): they are computed straight from the parsed tree,
/// in the order NCalc would compute them, so the values are the same. NCalc builds an evaluator, a parameter dictionary
/// and boxed numbers for every row; for a bundle with sixteen location features that made batch scoring 60 % slower.
/// </summary>
internal abstract class Arithmetic
{
    /// <summary>The expression as arithmetic over <paramref name="columns"/>, or null when it is anything more.</summary>
    public static Arithmetic? TryCreate(LogicalExpression expression, IReadOnlyList<string> columns) => expression switch
    {
        Identifier identifier when IndexOf(columns, identifier.Name) is var index and >= 0 => new Column(index),
        ValueExpression { Value: double or int or long } value => new Constant(Convert.ToDouble(value.Value, System.Globalization.CultureInfo.InvariantCulture)),
        UnaryExpression { Type: UnaryExpressionType.Negate } unary when TryCreate(unary.Expression, columns) is { } operand => new Negate(operand),
        BinaryExpression { Type: BinaryExpressionType.Plus or BinaryExpressionType.Minus or BinaryExpressionType.Times } binary
            when TryCreate(binary.LeftExpression, columns) is { } left && TryCreate(binary.RightExpression, columns) is { } right
            => new Binary(binary.Type, left, right),
        _ => null,
    };

    /// <param name="values">The columns' values, in the order of the columns given to <see cref="TryCreate"/>.</param>
    public abstract double Evaluate(ReadOnlySpan<double> values);

    private static int IndexOf(IReadOnlyList<string> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    private sealed class Column(int index) : Arithmetic
    {
        public override double Evaluate(ReadOnlySpan<double> values) => values[index];
    }

    private sealed class Constant(double value) : Arithmetic
    {
        public override double Evaluate(ReadOnlySpan<double> values) => value;
    }

    private sealed class Negate(Arithmetic operand) : Arithmetic
    {
        public override double Evaluate(ReadOnlySpan<double> values) => -operand.Evaluate(values);
    }

    private sealed class Binary(BinaryExpressionType type, Arithmetic left, Arithmetic right) : Arithmetic
    {
        public override double Evaluate(ReadOnlySpan<double> values) => type switch
        {
            BinaryExpressionType.Plus => left.Evaluate(values) + right.Evaluate(values),
            BinaryExpressionType.Minus => left.Evaluate(values) - right.Evaluate(values),
            _ => left.Evaluate(values) * right.Evaluate(values),
        };
    }
}
