namespace Augur.Learning.Training;

public enum TaskKind
{
    Binary,
    Multiclass,
    Regression,
}
