namespace Augur.Learning.Training;

/// <summary>Training cannot start or cannot produce any model; the message is written for an analyst.</summary>
public sealed class TrainingException : Exception
{
    public TrainingException() { }

    public TrainingException(string message) : base(message) { }

    public TrainingException(string message, Exception innerException) : base(message, innerException) { }
}
