using System.Security.Claims;
using SmartSender.Core.Contacts;

namespace SmartSender.Web.Contacts;

/// <summary><c>GET /export/lists/{id}.csv</c>: a list's contacts as CSV, for the signed-in user's account, streamed a page at a time.</summary>
public static class ListExport
{
    public static IEndpointRouteBuilder MapListExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/export/lists/{id:guid}.csv", (Guid id, ClaimsPrincipal user, ContactBook book, HttpContext http, CancellationToken ct) =>
            Api.ContactsApi.ExportAsync(id, user, book, http, ct)).RequireAuthorization().ExcludeFromDescription();
        return app;
    }
}
