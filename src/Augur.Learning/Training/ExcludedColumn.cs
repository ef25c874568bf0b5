namespace Augur.Learning.Training;

/// <summary>An input column left out of training, and why (e.g. "on its own it almost gives the answer away (AUC 0.999), …: a leak").</summary>
public sealed record ExcludedColumn(string Column, string Reason);
