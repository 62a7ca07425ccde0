namespace SmartSender.Core.Common;

/// <summary>The value of an operation that can fail in expected ways.</summary>
public readonly record struct Result<T>
{
    private Result(T? value, IReadOnlyList<Error> errors) => (Value, Errors) = (value, errors);

    public T? Value { get; }

    public IReadOnlyList<Error> Errors { get; }

    public bool Succeeded => Errors.Count == 0;

    public static Result<T> Success(T value) => new(value, []);

    public static Result<T> Failure(params IReadOnlyList<Error> errors) => new(default, errors);

    public static implicit operator Result<T>(Error error) => Failure(error);
}
