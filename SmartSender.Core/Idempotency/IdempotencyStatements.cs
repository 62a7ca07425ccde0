using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Idempotency;

/// <summary>
/// Takes an Idempotency-Key for a message inside the transaction that stores it. One statement both ways
/// (<c>INSERT … ON CONFLICT … DO UPDATE … WHERE</c>, which SQLite and PostgreSQL both speak): a new key is inserted,
/// an expired one (or one left unanswered by an older version) is taken over, a live one is left alone and the statement changes no row.
/// </summary>
internal static class IdempotencyStatements
{
    /// <returns>Whether the key is now the message's; false when another message holds it.</returns>
    public static async Task<bool> TakeAsync(SmartSenderDbContext db, IdempotencyClaim claim, Guid messageId, DateTime now)
    {
        var answer = claim.Answer(messageId);
        var expired = now - IdempotencyStore.Retention;
        var changed = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "IdempotencyRecords" ("AccountId", "Key", "RequestHash", "StatusCode", "ResponseBody", "Location", "MessageId", "CreatedAt")
            VALUES ({claim.AccountId}, {claim.Key}, {claim.RequestHash}, {answer.StatusCode}, {answer.Body}, {answer.Location}, {messageId}, {now})
            ON CONFLICT ("AccountId", "Key") DO UPDATE SET
                "RequestHash" = excluded."RequestHash", "StatusCode" = excluded."StatusCode", "ResponseBody" = excluded."ResponseBody",
                "Location" = excluded."Location", "MessageId" = excluded."MessageId", "CreatedAt" = excluded."CreatedAt"
            WHERE "IdempotencyRecords"."CreatedAt" < {expired} OR "IdempotencyRecords"."StatusCode" IS NULL
            """);
        claim.Taken = changed == 0;
        return changed == 1;
    }
}
