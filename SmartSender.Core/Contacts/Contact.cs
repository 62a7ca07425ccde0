using System.Text.Json.Nodes;

namespace SmartSender.Core.Contacts;

/// <summary>
/// A person an account sends marketing mail to: an address, a name, and custom fields whose types the account's
/// <see cref="ContactField"/>s give (kept as one JSON object: numbers as numbers, booleans as booleans, dates as
/// <c>yyyy-MM-dd</c>). One per address and account.
/// </summary>
public sealed class Contact
{
    private Contact()
    {
    }

    public Contact(Guid accountId, string email, string? name, JsonObject fields, DateTime now)
    {
        Id = Guid.CreateVersion7(now);
        AccountId = accountId;
        Email = email.Trim().ToLowerInvariant();
        Name = name;
        FieldsJson = fields.Count == 0 ? null : fields.ToJsonString();
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }

    public Guid AccountId { get; private set; }

    /// <summary>The address, lower-cased.</summary>
    public string Email { get; private set; } = "";

    public string? Name { get; private set; }

    public string? FieldsJson { get; private set; }

    public DateTime CreatedAt { get; private set; }

    public DateTime UpdatedAt { get; private set; }

    public JsonObject Fields => FieldsJson is null ? [] : JsonNode.Parse(FieldsJson)!.AsObject();

    /// <summary>Takes a newer name and fields; fields not given keep their values.</summary>
    public void Update(string? name, JsonObject fields, DateTime now)
    {
        var merged = Fields;
        foreach (var (key, value) in fields)
        {
            merged[key] = value?.DeepClone();
        }

        Name = name ?? Name;
        FieldsJson = merged.Count == 0 ? null : merged.ToJsonString();
        UpdatedAt = now;
    }
}
