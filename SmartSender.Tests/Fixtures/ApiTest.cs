using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Messages;

namespace SmartSender.Tests.Fixtures;

/// <summary>
/// The set-up most API tests share: an app on a fresh SQLite file, an admin account with an API key, and
/// <c>shop.test</c> verified as its sending domain.
/// </summary>
public abstract class ApiTest : IAsyncLifetime
{
    protected SmartSenderApp App { get; } = new();

    protected HttpClient Api { get; private set; } = default!;

    protected Guid AccountId { get; private set; }

    public async Task InitializeAsync()
    {
        AccountId = (await App.CreateAdminAsync()).Id;
        Api = App.CreateApiClient(await App.CreateApiKeyAsync(AccountId));
        await App.VerifyDomainAsync(AccountId, "shop.test");
    }

    public virtual async Task DisposeAsync()
    {
        Api.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>The account's messages in the database.</summary>
    protected Task<int> CountMessagesAsync() => App.WithDbAsync(db => db.Messages.CountAsync(m => m.AccountId == AccountId));

    /// <summary>Asserts a 400 answered as problem details and returns them.</summary>
    protected static async Task<JsonElement> AssertValidationProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
