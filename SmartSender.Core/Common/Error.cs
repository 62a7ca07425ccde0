namespace SmartSender.Core.Common;

/// <summary>
/// An expected failure, returned as a value. <see cref="Field"/> names the input at fault, when there is one. Its
/// <see cref="Kind"/> says what it means to the caller (the API answers each kind with its own status); a plain
/// <see cref="Error"/> is bad input.
/// </summary>
public record Error(string Code, string Message, string? Field = null)
{
    public virtual ErrorKind Kind => ErrorKind.Invalid;

    /// <summary>A one-line title for the caller, where the operation's own is too vague.</summary>
    public virtual string? Title { get; init; }

    /// <summary>What else the caller is told, by name (the domain, the records that fail, the score, …).</summary>
    public virtual IReadOnlyDictionary<string, object?> Details => NoDetails;

    protected static readonly IReadOnlyDictionary<string, object?> NoDetails = new Dictionary<string, object?>();
}

/// <summary>The families of expected failures.</summary>
public enum ErrorKind
{
    /// <summary>The input is wrong; each error names its field.</summary>
    Invalid,

    /// <summary>No such thing, or not in the caller's account.</summary>
    NotFound,

    /// <summary>Clashes with what exists (a name taken, a key used by another request).</summary>
    Conflict,

    /// <summary>Well formed, but refused by a rule (unsigned, suppressed, content).</summary>
    Unprocessable,

    /// <summary>The caller may not do this.</summary>
    Forbidden,

    /// <summary>Over a limit for now; <see cref="TooManyRequestsError.RetryAfter"/> says when to try again.</summary>
    TooManyRequests,
}

public record NotFoundError(string Code, string Message, string? Field = null) : Error(Code, Message, Field)
{
    public override ErrorKind Kind => ErrorKind.NotFound;
}

public record ConflictError(string Code, string Message, string? Field = null) : Error(Code, Message, Field)
{
    public override ErrorKind Kind => ErrorKind.Conflict;
}

public record UnprocessableError(string Code, string Message, string? Field = null) : Error(Code, Message, Field)
{
    public override ErrorKind Kind => ErrorKind.Unprocessable;
}

public record ForbiddenError(string Code, string Message, string? Field = null) : Error(Code, Message, Field)
{
    public override ErrorKind Kind => ErrorKind.Forbidden;
}

public record TooManyRequestsError(string Code, string Message, TimeSpan RetryAfter) : Error(Code, Message)
{
    public override ErrorKind Kind => ErrorKind.TooManyRequests;
}
