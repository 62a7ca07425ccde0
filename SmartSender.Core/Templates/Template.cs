namespace SmartSender.Core.Templates;

/// <summary>A named, versioned Liquid template of an account. Saving makes a new version; nothing is ever overwritten or deleted.</summary>
public class Template
{
    private readonly List<TemplateVersion> _versions = [];

    private Template()
    {
    }

    public Guid Id { get; private set; }

    public Guid AccountId { get; private set; }

    public string Name { get; private set; } = "";

    public bool IsArchived { get; private set; }

    public int CurrentVersion { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public IReadOnlyList<TemplateVersion> Versions => _versions;

    public TemplateVersion Current => _versions.Single(v => v.Number == CurrentVersion);

    internal static Template Create(Guid accountId, string name, TemplateContent content, string sampleVariables, DateTime now)
    {
        var template = new Template { Id = Guid.NewGuid(), AccountId = accountId, Name = name, CreatedAt = now };
        template.SaveVersion(content, sampleVariables, now);
        return template;
    }

    internal TemplateVersion SaveVersion(TemplateContent content, string sampleVariables, DateTime now)
    {
        var version = new TemplateVersion(Id, _versions.Count == 0 ? 1 : _versions.Max(v => v.Number) + 1, content, sampleVariables, now);
        _versions.Add(version);
        CurrentVersion = version.Number;
        UpdatedAt = now;
        return version;
    }

    /// <summary>Restoring an old version saves its content again as the newest, so history stays linear.</summary>
    internal TemplateVersion? Restore(int number, DateTime now) =>
        _versions.FirstOrDefault(v => v.Number == number) is { } old ? SaveVersion(old.Content, old.SampleVariables, now) : null;

    internal void Archive(DateTime now) => (IsArchived, UpdatedAt) = (true, now);

    internal void Unarchive(DateTime now) => (IsArchived, UpdatedAt) = (false, now);
}
