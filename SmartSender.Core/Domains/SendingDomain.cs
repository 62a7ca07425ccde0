namespace SmartSender.Core.Domains;

public enum DomainStatus
{
    /// <summary>Waiting for its records to appear.</summary>
    Pending,

    /// <summary>Ownership, SPF and DKIM verified: it may send.</summary>
    Verified,

    /// <summary>A record that decides sending is wrong or gone: it may not send.</summary>
    Failing,
}

/// <summary>A domain an account sends from, with its DKIM keys, the latest check of each record, and their history.</summary>
public class SendingDomain
{
    private readonly List<DkimKey> _keys = [];
    private readonly List<RecordCheck> _checks = [];
    private readonly List<DomainCheckEvent> _history = [];

    private SendingDomain()
    {
    }

    public Guid Id { get; private set; }

    public Guid AccountId { get; private set; }

    /// <summary>Lower case, punycode, no trailing dot.</summary>
    public string Name { get; private set; } = "";

    public string OwnershipToken { get; private set; } = "";

    public DomainStatus Status { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime? VerifiedAt { get; private set; }

    public DateTime? LastCheckedAt { get; private set; }

    /// <summary>
    /// When this account proved it owns the name (its TXT record was seen). Several accounts may add a name; the
    /// first to prove ownership holds it for good, and no other account's entry for it can verify.
    /// </summary>
    public DateTime? OwnedSince { get; private set; }

    public IReadOnlyList<DkimKey> Keys => _keys;

    public IReadOnlyList<RecordCheck> Checks => _checks;

    public IReadOnlyList<DomainCheckEvent> History => _history;

    public bool CanSend => Status == DomainStatus.Verified;

    /// <summary>Opens and clicks of this domain's mail are not tracked, whatever the account's settings say.</summary>
    public bool TrackingOff { get; private set; }

    public void TurnTracking(bool on) => TrackingOff = !on;

    /// <summary>
    /// <c>track.&lt;domain&gt;</c> once its CNAME to SmartSender's tracking host is verified: the host of this domain's
    /// tracking, open and unsubscribe links; null while the domain's mail uses the global <c>Tracking:BaseUrl</c>.
    /// </summary>
    public string? VerifiedTrackingHost =>
        _checks.Any(c => c.Kind == DnsRecordKind.Tracking && c.Status == RecordStatus.Verified) ? $"{DomainRecords.TrackingLabel}.{Name}" : null;

    /// <summary>Days after which the signing key is rotated by itself (a new key published as pending); null: only by hand.</summary>
    public int? KeyRotationDays { get; private set; }

    public const int MinRotationDays = 7;
    public const int MaxRotationDays = 3650;

    internal void ScheduleKeyRotation(int? days) => KeyRotationDays = days;

    /// <summary>A new key waits for its record: the rotation completes when the record is verified.</summary>
    public DkimKey? PendingKey => _keys.FirstOrDefault(k => k.State == DkimKeyState.Pending);

    /// <summary>When the scheduled rotation starts: the signing key's period over, counted from when it began to sign.</summary>
    public DateTime? NextRotationAt =>
        KeyRotationDays is { } days && PendingKey is null && SigningKeys.Select(k => k.ActivatedAt ?? k.CreatedAt).DefaultIfEmpty().Max() is var since && since != default
            ? since.AddDays(days)
            : null;

    /// <summary>The keys that sign now; during a rotation the old key keeps signing until the new one is verified.</summary>
    public IEnumerable<DkimKey> SigningKeys => _keys.Where(k => k.State == DkimKeyState.Active);

    /// <summary>Keys whose records must be published: those signing and those about to.</summary>
    public IEnumerable<DkimKey> PublishedKeys => _keys.Where(k => k.State != DkimKeyState.Retired);

    internal static SendingDomain Create(Guid accountId, string name, string token, IEnumerable<Func<Guid, DkimKey>> keys, DateTime now)
    {
        var domain = new SendingDomain
        {
            Id = Guid.NewGuid(),
            AccountId = accountId,
            Name = name,
            OwnershipToken = token,
            Status = DomainStatus.Pending,
            CreatedAt = now,
        };
        foreach (var key in keys)
        {
            domain._keys.Add(key(domain.Id));
        }

        foreach (var kind in Enum.GetValues<DnsRecordKind>().Where(k => k != DnsRecordKind.Dkim))
        {
            domain._checks.Add(new RecordCheck(domain.Id, kind, null));
        }

        foreach (var key in domain._keys)
        {
            domain._checks.Add(new RecordCheck(domain.Id, DnsRecordKind.Dkim, key.Selector));
        }

        return domain;
    }

    public RecordCheck CheckOf(DnsRecordKind kind, string? selector = null) =>
        _checks.First(c => c.Kind == kind && (kind != DnsRecordKind.Dkim || c.Selector == selector));

    /// <summary>Records what DNS shows now, keeps every status change as history, and recomputes whether the domain may send.</summary>
    internal void ApplyFindings(IReadOnlyList<(DnsRecordKind Kind, string? Selector, RecordFinding Finding)> findings, DateTime now)
    {
        foreach (var (kind, selector, finding) in findings)
        {
            var check = CheckOf(kind, selector);
            var before = check.Status;
            if (check.Apply(finding, now))
            {
                _history.Add(new DomainCheckEvent(Id, kind, before, finding.Status, finding.Found, finding.Hint, now));
            }
        }

        LastCheckedAt = now;
        if (CheckOf(DnsRecordKind.Ownership).Status == RecordStatus.Verified)
        {
            OwnedSince ??= now;
        }

        var gates = _checks.Where(c => c.Kind is DnsRecordKind.Ownership or DnsRecordKind.Spf
            || (c.Kind == DnsRecordKind.Dkim && SigningKeys.Any(k => k.Selector == c.Selector))).ToList();
        Status = gates.All(c => c.Status == RecordStatus.Verified) ? DomainStatus.Verified
            : gates.Any(c => c.Status is RecordStatus.Failing or RecordStatus.Missing) ? DomainStatus.Failing
            : DomainStatus.Pending;
        if (Status == DomainStatus.Verified)
        {
            VerifiedAt ??= now;
        }
    }

    /// <summary>Rotation step 1: publish a new key beside the signing one.</summary>
    internal void AddPendingKey(Func<Guid, DkimKey> key)
    {
        var added = key(Id);
        _keys.Add(added);
        _checks.Add(new RecordCheck(Id, DnsRecordKind.Dkim, added.Selector));
    }

    /// <summary>Rotation step 2: once the new key's record is verified, it signs and the old key of its kind retires.</summary>
    internal bool TryCompleteRotation(DateTime now)
    {
        var pending = _keys.FirstOrDefault(k => k.State == DkimKeyState.Pending);
        if (pending is null || CheckOf(DnsRecordKind.Dkim, pending.Selector).Status != RecordStatus.Verified)
        {
            return false;
        }

        foreach (var old in SigningKeys.Where(k => k.Algorithm == pending.Algorithm).ToList())
        {
            old.Retire(now);
        }

        pending.Activate(now);
        return true;
    }
}
