namespace Augur.Learning.Bundles;

/// <summary>Rows sent for prediction do not match the bundle's schema. <see cref="Errors"/> names each row and field.</summary>
public sealed class InvalidInputException : Exception
{
    public InvalidInputException(IReadOnlyList<InputError> errors)
        : base(errors.Count == 0 ? "The input is invalid." : $"Row {errors[0].Row}, field '{errors[0].Field}': {errors[0].Message}")
    {
        Errors = errors;
    }

    public InvalidInputException() : this([]) { }

    public InvalidInputException(string message) : base(message) => Errors = [];

    public InvalidInputException(string message, Exception innerException) : base(message, innerException) => Errors = [];

    public IReadOnlyList<InputError> Errors { get; }
}
