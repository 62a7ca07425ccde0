using System.Globalization;
using System.Security.Claims;
using SmartSender.Core.Accounts;
using SmartSender.Core.Messages;
using SmartSender.Web.Components.Pages.Messages;

namespace SmartSender.Web.Messages;

/// <summary>
/// <c>GET /export/messages.csv</c>: the message log's filtered view as CSV, for the signed-in user's account. Rows are
/// read from the database and written to the response as they come, so an export of any size holds one row in memory.
/// </summary>
public static class MessageExport
{
    private static readonly string[] Header = ["id", "created_at", "from", "to", "subject", "status", "stream", "domain", "provider", "template_id", "tags", "last_reply"];

    public static IEndpointRouteBuilder MapMessageExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/export/messages.csv", ExportAsync).RequireAuthorization().ExcludeFromDescription();
        return app;
    }

    public static async Task ExportAsync(HttpContext http, ClaimsPrincipal user, MessageLog log, TimeProvider clock)
    {
        var filter = MessageQuery.Parse(name => http.Request.Query[name].FirstOrDefault());
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"messages-{clock.GetUtcNow():yyyyMMdd-HHmmss}.csv\"";
        await using var writer = new StreamWriter(http.Response.Body, new System.Text.UTF8Encoding(false), bufferSize: 64 * 1024);
        await writer.WriteLineAsync(string.Join(",", Header));
        var rows = 0;
        await foreach (var m in log.StreamAsync(user.GetAccountId(), filter, http.RequestAborted))
        {
            await writer.WriteLineAsync(string.Join(",", new[]
            {
                m.Id.ToString(), m.CreatedAt.ToString("O", CultureInfo.InvariantCulture), m.From, m.To, m.Subject, m.Status.ToString(),
                m.Stream.ToString(), m.Domain, m.Provider ?? "", m.TemplateId?.ToString() ?? "", string.Join(" ", m.Tags), m.LastReply ?? "",
            }.Select(Csv)));
            if (++rows % 5_000 == 0)
            {
                await writer.FlushAsync(http.RequestAborted);
            }
        }
    }

    public static string Csv(string value) => Core.Common.CsvText.Field(value);
}
