using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using SmartSender.Core.Accounts;
using SmartSender.Core.Quota;
using SmartSender.Core.Reputation;
using SmartSender.Web.Auth;

namespace SmartSender.Web.Api;

public record FactorView(string Factor, double Rate, long Count, long Of, int WindowDays, bool Judged, string? Level, double LowAt, double BadAt, double Contribution);

public record QuotaView(int DailyLimit, double PerSecond, long UsedLast24Hours, DateTime? RoomAt, bool Paused, string? SetByHandBecause);

public record ReputationView(string Level, string? Reason, DateTime? Since, IReadOnlyList<FactorView> Factors, string? MovesUp, string? WouldDrop, QuotaView Quota, int HeldMessages);

public static class ReputationApi
{
    public static IEndpointRouteBuilder MapReputationApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/reputation", GetAsync).RequireAuthorization(Policies.ApiKey).WithTags("Reputation")
            .WithSummary("The account's reputation, the rates behind it, and its quota")
            .WithDescription("Level is Bad, Low, Normal or Good. Each factor gives the rate of the window that decides it (the worse of 7 and 30 days), its thresholds and its share of what pulls the level down.");
        return app;
    }

    public static async Task<Results<Ok<ReputationView>, ProblemHttpResult>> GetAsync(ClaimsPrincipal caller, AccountReputation reputation, AccountQuota quota, HttpContext http, CancellationToken ct)
    {
        var account = caller.GetAccountId();
        var report = await reputation.ReportAsync(account, ct);
        var standing = await quota.GetAsync(account, ct);
        if (report is null || standing is null)
        {
            return Problems.For([ReputationErrors.AccountNotFound()], http, "Account not found");
        }

        return TypedResults.Ok(new ReputationView(
            report.Level.ToString(), report.Reason, report.ChangedAt,
            [.. report.Assessment.Factors.Select(f => new FactorView(f.Factor.ToString(), f.Deciding.Rate, f.Deciding.Count, f.Deciding.Of, f.Deciding.WindowDays,
                f.Deciding.Judged, f.Deciding.Level?.ToString(), f.Deciding.Thresholds.Low, f.Deciding.Thresholds.Bad, Math.Round(f.Contribution, 3)))],
            report.Outlook.Up, report.Outlook.Drop,
            new QuotaView(standing.DailyLimit, standing.PerSecond, standing.Used, standing.RoomAt, standing.Paused, standing.Manual?.Reason),
            report.Held));
    }
}
