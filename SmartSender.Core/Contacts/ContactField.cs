namespace SmartSender.Core.Contacts;

public enum ContactFieldType
{
    Text,
    Number,
    Date,
    Boolean,
}

/// <summary>A custom field the account's contacts carry, with its type; templates see it as a variable of that name.</summary>
public sealed class ContactField
{
    private ContactField()
    {
    }

    public ContactField(Guid accountId, string name, ContactFieldType type)
    {
        AccountId = accountId;
        Name = name;
        Type = type;
    }

    public Guid AccountId { get; private set; }

    public string Name { get; private set; } = "";

    public ContactFieldType Type { get; private set; }

    /// <summary>A field name: a letter, then letters, digits and underscores, as template variables are named.</summary>
    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 40 && char.IsAsciiLetter(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
        && name is not ("email" or "name");
}
