namespace SmartSender.Web.Auth;

/// <summary>Remembers, once seen, that the first administrator exists; setup never opens again after that.</summary>
public class SetupState
{
    private volatile bool _complete;

    public bool IsKnownComplete => _complete;

    public void MarkComplete() => _complete = true;
}
