using SmartSender.Core.Common;

namespace SmartSender.Core.Campaigns;

public static class CampaignErrors
{
    public static Error NotFound() => new NotFoundError("campaign_not_found", "No such campaign in this account.");

    public static Error NameRequired() => new Error("campaign_name_required", $"Give the campaign a name of at most {Campaign.NameLength} characters.", "name");

    public static Error TemplateNotFound() => new UnprocessableError("template_not_found", "Choose one of the account's templates.", "template_id");

    public static Error ListNotFound() => new UnprocessableError("list_not_found", "Choose one of the account's lists.", "list_id");

    public static Error FromRequired() => new Error("from_required", "Give the From address, on one of the account's verified domains.", "from");

    public static Error DefaultsInvalid() => new Error("defaults_invalid", "Defaults must be a JSON object of variable values.", "defaults");

    public static Error NotEditable(CampaignStatus status) => new UnprocessableError("campaign_not_editable", $"The campaign is {status.ToString().ToLowerInvariant()}; only a draft or a scheduled campaign can change.");

    public static Error CannotStart(CampaignStatus status) => new UnprocessableError("campaign_not_startable", $"The campaign is {status.ToString().ToLowerInvariant()}; only a draft or a scheduled campaign can start.");

    public static Error NoRecipients() => new UnprocessableError("campaign_no_recipients", "No contact of the list can be sent to: none is subscribed, or all are suppressed.");

    public static Error OverQuota(int recipients, long room, int dailyLimit) => new UnprocessableError("campaign_over_quota",
        $"The campaign goes to {recipients:N0} contacts and the account may send {room:N0} more today (daily quota {dailyLimit:N0}); send it to a smaller list, when the quota allows, or paced across days.");

    public static Error NotPausable(CampaignStatus status) => new UnprocessableError("campaign_not_pausable", $"The campaign is {status.ToString().ToLowerInvariant()}; only a sending or sent campaign can be paused.");

    public static Error NotResumable(CampaignStatus status) => new UnprocessableError("campaign_not_resumable", $"The campaign is {status.ToString().ToLowerInvariant()}; only a paused campaign can resume.");

    public static Error NotCancellable(CampaignStatus status) => new UnprocessableError("campaign_not_cancellable", $"The campaign is {status.ToString().ToLowerInvariant()} and cannot be cancelled.");

    public static Error SendAtInPast() => new Error("send_at_in_past", "send_at must be in the future.", "send_at");

    public static Error SegmentNotFound() => new UnprocessableError("segment_not_found", "Choose one of the account's segments.", "segment_id");

    public static Error SegmentOfAnotherList() => new Error("segment_list_mismatch", "The segment belongs to another list than list_id; give the segment alone.", "list_id");

    public static Error TopicNotFound() => new UnprocessableError("topic_not_found", "Choose one of the account's topics.", "topic_id");
}
