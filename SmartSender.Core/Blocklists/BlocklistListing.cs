namespace SmartSender.Core.Blocklists;

public enum ListingState
{
    /// <summary>Not answered yet.</summary>
    Unknown,
    Clear,
    Listed,
}

/// <summary>Where one sending IP or sending domain stands on one blocklist, as last checked.</summary>
public sealed class BlocklistListing
{
    private BlocklistListing()
    {
    }

    public BlocklistListing(string target, BlocklistTargets kind, BlocklistDefinition list)
    {
        Id = Guid.NewGuid();
        Target = target;
        Kind = kind;
        List = list.Name;
        Zone = list.Zone;
    }

    public Guid Id { get; private set; }

    /// <summary>The IP address or domain checked.</summary>
    public string Target { get; private set; } = "";

    public BlocklistTargets Kind { get; private set; }

    public string List { get; private set; } = "";

    public string Zone { get; private set; } = "";

    public ListingState State { get; private set; }

    /// <summary>The return codes of the listing, e.g. <c>127.0.0.2, 127.0.0.4</c>.</summary>
    public string? Codes { get; private set; }

    /// <summary>What the codes mean, as the list documents them.</summary>
    public string? Meaning { get; private set; }

    public DateTime? ListedSince { get; private set; }

    public DateTime? DelistedAt { get; private set; }

    public DateTime? CheckedAt { get; private set; }

    /// <summary>Why the last check got no answer; null when it got one.</summary>
    public string? LastError { get; private set; }

    /// <summary>Records an answer; returns the state it left (Listed → Clear or the reverse is news), or null when nothing changed.</summary>
    public ListingState? Record(BlocklistAnswer answer, DateTime now)
    {
        CheckedAt = now;
        switch (answer)
        {
            case BlocklistAnswer.NoAnswer none:
                LastError = none.Reason;
                return null;
            case BlocklistAnswer.Listed listed:
                LastError = null;
                (Codes, Meaning) = (listed.Codes, listed.Meaning);
                if (State == ListingState.Listed)
                {
                    return null;
                }

                (State, ListedSince, DelistedAt) = (ListingState.Listed, now, null);
                return ListingState.Listed;
            default:
                LastError = null;
                if (State == ListingState.Listed)
                {
                    (State, DelistedAt) = (ListingState.Clear, now);
                    return ListingState.Clear;
                }

                State = ListingState.Clear;
                return null;
        }
    }
}
