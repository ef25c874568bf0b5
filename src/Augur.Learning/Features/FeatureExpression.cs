using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Augur.Data.Schema;
using Augur.Learning.Training;
using NCalc;

namespace Augur.Learning.Features;

/// <summary>
/// One parsed custom-feature expression. NCalc is the language: arithmetic, comparisons, <c>and</c>/<c>or</c>/<c>not</c>,
/// 'text' literals and NCalc's own functions (<c>if</c>, <c>Abs</c>, <c>Log</c>, <c>in</c>...). It was chosen over
/// C#-like evaluators because it cannot call methods or reach members of .NET types, so a spec cannot run code.
/// </summary>
internal sealed class FeatureExpression
{
    private readonly LogicalExpression _parsed;

    private readonly Arithmetic? _arithmetic;

    // The last columns found all numeric, so that each row does not check them again (a feature's are always the same list).
    private IReadOnlyList<ColumnSchema>? _numericUses;

    private FeatureExpression(string name, string text, LogicalExpression parsed, IReadOnlyList<string> columns)
    {
        Name = name;
        Text = text;
        _parsed = parsed;
        Columns = columns;
        _arithmetic = Arithmetic.TryCreate(parsed, columns);
    }

    public string Name { get; }

    public string Text { get; }

    /// <summary>The columns the expression reads, in order of first use.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Whether the expression is plain arithmetic, computed without NCalc when its columns are numbers (<see cref="Arithmetic"/>).</summary>
    internal bool IsArithmetic => _arithmetic is not null;

    /// <exception cref="TrainingException">The expression has a syntax error; the message names the feature and the position.</exception>
    public static FeatureExpression Parse(string name, string text)
    {
        // The invariant culture, so that "0.5" means a half on every machine.
        var expression = new Expression(text, ExpressionOptions.NoCache, cultureInfo: CultureInfo.InvariantCulture);
        if (string.IsNullOrWhiteSpace(text) || expression.HasErrors() || expression.LogicalExpression is null)
        {
            // NCalc's outer message is generic; the parser's inner one says where: "at position (1:7)" (line:column).
            var detail = expression.Error?.InnerException?.Message ?? expression.Error?.Message ?? "the expression is empty";
            throw new TrainingException($"The custom feature '{name}' has a syntax error: {detail}. The expression is: {text}");
        }

        return new FeatureExpression(name, text, expression.LogicalExpression, [.. expression.GetParameterNames().Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>The 1-based position of a column's first use, for error messages.</summary>
    public int PositionOf(string column) => Text.IndexOf(column, StringComparison.Ordinal) + 1;

    /// <summary>
    /// The feature's value for one row: a number, a boolean or a string, or null (missing) when a column it reads is
    /// missing or unreadable, or the expression fails on this row (division by zero, a type mismatch). Never throws
    /// for a row's data: a bad row gets a missing value, which imputation then fills like any other gap.
    /// </summary>
    public JsonNode? Evaluate(Func<string, JsonNode?> field, IReadOnlyList<ColumnSchema> uses, out string? failure)
    {
        failure = null;
        if (_arithmetic is not null && AllNumeric(uses))
        {
            return EvaluateArithmetic(field);
        }

        var expression = new Expression(_parsed, ExpressionOptions.NoCache, cultureInfo: CultureInfo.InvariantCulture);
        foreach (var column in uses)
        {
            var value = Read(field(column.Name), column.Type);
            if (value is null)
            {
                return null;
            }

            expression.Parameters[column.Name] = value;
        }

        object? result;
        try
        {
            result = expression.Evaluate();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Whatever one row's values make the expression throw (a type mismatch, an overflow), that row gets a missing value.
            failure = ex.Message;
            return null;
        }

        return result switch
        {
            bool flag => JsonValue.Create(flag),
            string text => string.IsNullOrWhiteSpace(text) ? null : JsonValue.Create(text),
            double number => double.IsFinite(number) ? JsonValue.Create(number) : null,
            float or decimal or int or long or short or byte or uint or ulong or ushort or sbyte => Finite(Convert.ToDouble(result, CultureInfo.InvariantCulture)),
            _ => null,
        };
    }

    /// <summary>Whether <paramref name="uses"/> are this expression's columns and all numbers, so that the fast path reads them as NCalc would.</summary>
    private bool AllNumeric(IReadOnlyList<ColumnSchema> uses)
    {
        if (ReferenceEquals(uses, _numericUses))
        {
            return true;
        }

        if (uses.Count != Columns.Count || uses.Any(u => u.Type is not (ColumnType.Integer or ColumnType.Number)))
        {
            return false;
        }

        _numericUses = uses;
        return true;
    }

    /// <summary>The fast path (<see cref="Arithmetic"/>): missing or unreadable numbers give a missing value, as they do through NCalc.</summary>
    private JsonValue? EvaluateArithmetic(Func<string, JsonNode?> field)
    {
        Span<double> values = Columns.Count <= 16 ? stackalloc double[Columns.Count] : new double[Columns.Count];
        for (var i = 0; i < Columns.Count; i++)
        {
            var node = field(Columns[i]);
            if (FieldReader.IsMissing(node) || !FieldReader.TryReadNumber(node!, out values[i]))
            {
                return null;
            }
        }

        return Finite(_arithmetic!.Evaluate(values));
    }

    private static JsonValue? Finite(double number) => double.IsFinite(number) ? JsonValue.Create(number) : null;

    /// <summary>A raw field as the .NET value the expression sees, read as its column's type (the same reading as features).</summary>
    private static object? Read(JsonNode? node, ColumnType type)
    {
        if (FieldReader.IsMissing(node))
        {
            return null;
        }

        switch (type)
        {
            case ColumnType.Integer or ColumnType.Number:
                return FieldReader.TryReadNumber(node!, out var number) ? number : null;
            case ColumnType.Boolean:
                return FieldReader.TryReadBoolean(node!, out var flag) ? flag : null;
            case ColumnType.Date or ColumnType.DateTime:
                return FieldReader.TryReadDate(node!, out var date) ? date : null;
            default:
                return node!.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : FieldReader.ReadText(node);
        }
    }
}
