namespace Augur.Learning.Bundles;

/// <summary>One problem with one row sent for prediction, e.g. (row 0, "tenure", "expected a number but got \"abc\"").</summary>
public sealed record InputError(int Row, string Field, string Message);
