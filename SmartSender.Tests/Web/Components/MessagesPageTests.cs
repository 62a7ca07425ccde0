using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SmartSender.Core.Accounts;
using SmartSender.Core.Messages;
using SmartSender.Tests.Builders;
using SmartSender.Tests.Fixtures;
using MessagesPage = SmartSender.Web.Components.Pages.Messages.Messages;

namespace SmartSender.Tests.Web.Components;

/// <summary>The Messages page over a real SQLite file.</summary>
public class MessagesPageTests : ComponentTest
{
    private readonly TestDatabase _database = new();
    private Guid _accountId;
    private Guid _otherAccountId;

    public override async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        Services.AddDbContextFactory<Core.Persistence.SmartSenderDbContext>(o => Microsoft.EntityFrameworkCore.SqliteDbContextOptionsBuilderExtensions.UseSqlite(o, _database.ConnectionString));
        Services.AddScoped<MessageLog>();
        Services.AddScoped<MessageCancellation>();
        Services.AddSingleton<Core.Analytics.Stats.AccountStats>();
        Services.AddSingleton<Core.Templates.TemplateRenderer>();
        Services.AddScoped<Core.Templates.TemplateLibrary>();
        Services.AddSingleton<Core.Templates.TemplateCache>();
        Services.AddSingleton(TimeProvider.System);

        await using var db = _database.CreateContext();
        var account = new Account("Shop", DateTime.UtcNow);
        var other = new Account("Other", DateTime.UtcNow);
        db.Accounts.AddRange(account, other);
        var start = new DateTime(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc);
        var old = new MessageBuilder().For(account.Id).To("first@example.test").Subject("Older").QueuedAt(start).Build();
        old.MarkDelivered("250 2.0.0 Ok", start.AddSeconds(1));
        var recent = new MessageBuilder().For(account.Id).To("second@example.test").Subject("Newer").QueuedAt(start.AddHours(1)).Build();
        recent.MarkFailed("550 5.1.1 No such user", "UserUnknown", start.AddHours(1).AddSeconds(1));
        var foreign = new MessageBuilder().For(other.Id).To("secret@example.test").QueuedAt(start.AddHours(2)).Build();
        db.Messages.AddRange(old, recent, foreign);
        await db.SaveChangesAsync();
        (_accountId, _otherAccountId) = (account.Id, other.Id);
    }

    protected override Task DisposeTestAsync() => _database.DisposeAsync();

    [Fact]
    public void Messages_ListsTheAccountsMessagesNewestFirstWithTheirStatus()
    {
        SignIn(_accountId);
        Render<MudPopoverProvider>();

        var cut = Render<MessagesPage>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("tbody tr.mud-table-row").Count));
        var rows = cut.FindAll("tbody tr.mud-table-row");
        Assert.Contains("second@example.test", rows[0].TextContent);
        Assert.Equal("Failed", rows[0].QuerySelector("[data-status]")!.GetAttribute("data-status"));
        Assert.Contains("first@example.test", rows[1].TextContent);
        Assert.Equal("Delivered", rows[1].QuerySelector("[data-status]")!.GetAttribute("data-status"));
        Assert.DoesNotContain("secret@example.test", cut.Markup);
    }

    [Fact]
    public async Task Messages_ADeferredMessage_SaysDeferredWhenTheNextAttemptIsDueAndWhy()
    {
        var at = new DateTime(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc);
        await using (var db = _database.CreateContext())
        {
            var waiting = new MessageBuilder().For(_accountId).To("later@example.test").QueuedAt(at).Build();
            waiting.MarkDeferred("421 4.7.0 Try again later", at.AddMinutes(25), at.AddSeconds(1));
            db.Messages.Add(waiting);
            await db.SaveChangesAsync();
        }

        SignIn(_accountId);
        Render<MudPopoverProvider>();

        var cut = Render<MessagesPage>();

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("tbody tr.mud-table-row").Count));
        var row = cut.FindAll("tbody tr.mud-table-row")[0];
        Assert.Equal("Deferred", row.QuerySelector("[data-status]")!.GetAttribute("data-status"));
        Assert.Equal("Deferred — next attempt at 09:25 UTC (421 4.7.0 Try again later)", row.QuerySelector("[data-status]")!.TextContent.Trim());
    }

    [Fact]
    public void Messages_ForAnAccountWithoutMessages_SaysSo()
    {
        SignIn(Guid.NewGuid());
        Render<MudPopoverProvider>();

        var cut = Render<MessagesPage>();

        cut.WaitForAssertion(() => Assert.Contains("No messages yet", cut.Find("[data-testid=messages-empty]").TextContent));
    }

    [Fact]
    public void Messages_WithAQueuedMessage_SaysItWillUpdate()
    {
        SignIn(_otherAccountId);
        Render<MudPopoverProvider>();

        var cut = Render<MessagesPage>();

        cut.WaitForAssertion(() => Assert.Contains("update by themselves", cut.Markup));
    }

    [Fact]
    public void Messages_ClickingARow_OpensTheDrawerWithTheTimelineAndReply()
    {
        SignIn(_accountId);
        Render<MudPopoverProvider>();
        var cut = Render<MessagesPage>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("tbody tr.mud-table-row").Count));

        cut.FindAll("tbody tr.mud-table-row")[0].QuerySelector("td[data-label=Subject]")!.Click();

        cut.WaitForAssertion(() => Assert.Contains("550 5.1.1 No such user", cut.Find("[data-testid=last-reply]").TextContent));
        Assert.NotNull(cut.Find("[data-event=Failed]"));
        Assert.Contains("Newer", cut.Find("[data-testid=preview-subject]").TextContent);
    }

    [Fact]
    public void Messages_WithFiltersInTheUrl_ShowsOnlyMatchingMessages_AndTheExportKeepsThem()
    {
        SignIn(_accountId);
        Render<MudPopoverProvider>();
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("/messages?status=Delivered&recipient=first");

        var cut = Render<MessagesPage>();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("tbody tr.mud-table-row")));
        Assert.Contains("first@example.test", cut.Find("tbody tr.mud-table-row").TextContent);
        Assert.Equal("/export/messages.csv?status=Delivered&recipient=first", cut.Find("[data-testid=messages-export]").GetAttribute("href"));
        Assert.NotNull(cut.Find("[data-testid=filter-clear]"));
    }
}
