using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Common;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Contacts;

/// <summary>A topic with how many contacts chose to leave it and how many chose to join it.</summary>
public sealed record TopicSummary(Guid Id, string Name, string? Description, bool SubscribedByDefault, DateTime CreatedAt, int Joined, int Left);

/// <summary>An account's topics: listed, created, and each contact's choice about one set.</summary>
public sealed class TopicBook(IDbContextFactory<SmartSenderDbContext> contexts, TimeProvider clock)
{
    public async Task<List<TopicSummary>> ListAsync(Guid accountId, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Topics.AsNoTracking().Where(t => t.AccountId == accountId).OrderBy(t => t.Name)
            .Select(t => new TopicSummary(t.Id, t.Name, t.Description, t.SubscribedByDefault, t.CreatedAt,
                db.Set<TopicSubscription>().Count(s => s.TopicId == t.Id && s.Status == SubscriptionStatus.Subscribed),
                db.Set<TopicSubscription>().Count(s => s.TopicId == t.Id && s.Status != SubscriptionStatus.Subscribed)))
            .ToListAsync(ct);
    }

    public async Task<Result<TopicSummary>> CreateAsync(Guid accountId, string? name, string? description, bool subscribedByDefault, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > Topic.NameLength)
        {
            return ContactErrors.TopicNameRequired();
        }

        if (description is { Length: > Topic.DescriptionLength })
        {
            return ContactErrors.TopicDescriptionTooLong();
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var trimmed = name.Trim();
        if (await db.Topics.AnyAsync(t => t.AccountId == accountId && t.Name == trimmed, ct))
        {
            return ContactErrors.TopicNameTaken(trimmed);
        }

        var topic = new Topic(accountId, trimmed, description, subscribedByDefault, clock.GetUtcNow().UtcDateTime);
        db.Topics.Add(topic);
        await db.SaveChangesAsync(ct);
        return Result<TopicSummary>.Success(new TopicSummary(topic.Id, topic.Name, topic.Description, topic.SubscribedByDefault, topic.CreatedAt, 0, 0));
    }

    /// <summary>Records a contact's choice about a topic.</summary>
    public async Task<Result<bool>> ChooseAsync(Guid accountId, Guid contactId, Guid topicId, SubscriptionStatus status, string how, CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (!await db.Contacts.AnyAsync(c => c.Id == contactId && c.AccountId == accountId, ct))
        {
            return ContactErrors.ContactNotFound();
        }

        if (!await db.Topics.AnyAsync(t => t.Id == topicId && t.AccountId == accountId, ct))
        {
            return ContactErrors.TopicNotFound();
        }

        await StageAsync(db, topicId, contactId, status, clock.GetUtcNow().UtcDateTime, how, ct);
        await db.SaveChangesAsync(ct);
        return Result<bool>.Success(true);
    }

    /// <summary>Adds or changes the choice in <paramref name="db"/>, to be saved with the caller's other changes.</summary>
    public static async Task StageAsync(SmartSenderDbContext db, Guid topicId, Guid contactId, SubscriptionStatus status, DateTime now, string how, CancellationToken ct)
    {
        var choice = await db.TopicSubscriptions.FirstOrDefaultAsync(s => s.TopicId == topicId && s.ContactId == contactId, ct);
        if (choice is null)
        {
            db.TopicSubscriptions.Add(new TopicSubscription(topicId, contactId, status, now, how));
        }
        else
        {
            choice.Change(status, now, how);
        }
    }
}
