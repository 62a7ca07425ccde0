using System.Text.Json;
using System.Text.Json.Nodes;
using SmartSender.Core.Common;
using SmartSender.Core.Messages;

namespace SmartSender.Core.Campaigns;

/// <summary>The send request a campaign makes for one contact: its template on the marketing stream, the contact's fields as variables over the campaign's defaults.</summary>
public static class CampaignRequests
{
    public static SendRequest For(Campaign campaign, string email, string? name, string? fieldsJson) => new(campaign.From, [email], null, null, null)
    {
        Template = campaign.TemplateId.ToString(),
        Variables = Variables(campaign.DefaultsJson, email, name, fieldsJson),
        Stream = MessageStream.Marketing,
        Tags = ["campaign"],
        Metadata = new Dictionary<string, string> { ["campaign"] = campaign.Name.Length <= 100 ? campaign.Name : campaign.Name[..100] },
        CampaignId = campaign.Id,
    };

    /// <summary>The defaults, then the contact's fields over them, then <c>email</c> and <c>name</c> (a missing name keeps its default).</summary>
    public static JsonElement Variables(string? defaultsJson, string email, string? name, string? fieldsJson)
    {
        var variables = defaultsJson is null ? [] : JsonNode.Parse(defaultsJson)!.AsObject();
        if (fieldsJson is not null)
        {
            foreach (var (key, value) in JsonNode.Parse(fieldsJson)!.AsObject())
            {
                variables[key] = value?.DeepClone();
            }
        }

        variables["email"] = email;
        if (name is not null)
        {
            variables["name"] = name;
        }

        return JsonSerializer.SerializeToElement(variables);
    }
}
