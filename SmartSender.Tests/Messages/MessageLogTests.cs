using SmartSender.Core.Common;
using SmartSender.Core.Messages;
using SmartSender.Tests.Builders;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Messages;

public class MessageLogTests : IAsyncLifetime
{
    private static readonly DateTime Start = new(2026, 11, 20, 8, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Receipt = Guid.NewGuid();
    private readonly TestDatabase _database = new();
    private Guid _account;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _account = (await _database.AddAccountsAsync("Shop"))[0];
        var other = (await _database.AddAccountsAsync("Other"))[0];
        await using var db = _database.CreateContext();
        Message Queue(string to, string from, MessageStream stream, Guid? template, string[] tags, int hour) =>
            new MessageBuilder().For(_account).To(to).From(from).With(r => r with { Stream = stream, TemplateId = template, Tags = tags }).QueuedAt(Start.AddHours(hour)).Build();

        var ann = Queue("ann@example.test", "orders@shop.test", MessageStream.Transactional, Receipt, ["receipt"], 0);
        ann.AssignLane("127.0.0.1|Gmail");
        ann.MarkDelivered("250 ok", Start.AddHours(0).AddMinutes(1));
        ann.RecordTracking(MessageEventType.Opened, null, machine: true, Start.AddHours(1));
        var bob = Queue("bob@example.test", "news@news.test", MessageStream.Marketing, null, ["promo", "receipt-like"], 1);
        bob.AssignLane("127.0.0.1|Yahoo");
        bob.MarkDeferred("421 4.7.0 [TSS04]", Start.AddHours(2), Start.AddHours(1).AddMinutes(1));
        bob.MarkDelivered("250 ok", Start.AddHours(2));
        bob.RecordTracking(MessageEventType.Opened, null, machine: false, Start.AddHours(3));
        var cy = Queue("cy@example.test", "orders@shop.test", MessageStream.Transactional, Receipt, ["receipt"], 2);
        cy.AssignLane("127.0.0.1|Gmail");
        cy.MarkFailed("550 5.1.1 user unknown", "UserUnknown", Start.AddHours(2).AddMinutes(1));
        db.Messages.AddRange(ann, bob, cy);
        db.Messages.Add(new MessageBuilder().For(other).To("ann@example.test").QueuedAt(Start).Build());
        await db.SaveChangesAsync();
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Theory]
    [InlineData("status=Failed", "cy")]
    [InlineData("recipient=BOB@", "bob")]
    [InlineData("domain=shop.test", "cy ann")]
    [InlineData("provider=Yahoo", "bob")]
    [InlineData("tag=receipt", "cy ann")]
    [InlineData("stream=marketing", "bob")]
    [InlineData("outcome=deferred", "bob")]
    [InlineData("outcome=bounced&provider=Gmail", "cy")]
    [InlineData("outcome=opened", "bob")]
    [InlineData("outcome=delivered&from=2026-11-20T09:30:00Z", "bob")]
    [InlineData("from=2026-11-20T09:00:00Z&to=2026-11-20T10:00:00Z", "bob")]
    [InlineData("to=2026-11-20", "cy bob ann")]
    [InlineData("", "cy bob ann")]
    public async Task List_WithFiltersFromTheUrl_FindsTheMatchingMessagesOfTheAccountOnly(string query, string expected)
    {
        var parameters = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query);
        var filter = SmartSender.Web.Components.Pages.Messages.MessageQuery.Parse(n => parameters.TryGetValue(n, out var v) ? v.ToString() : null);
        if (query.Contains("template"))
        {
            filter = filter with { TemplateId = Receipt };
        }

        var log = new MessageLog(_database.CreateFactory());
        var page = await log.ListAsync(_account, filter, 0, 50);
        var streamed = new List<string>();
        await foreach (var m in log.StreamAsync(_account, filter))
        {
            streamed.Add(m.To.Split('@')[0]);
        }

        Assert.Equal(expected, string.Join(" ", page.Items.Select(m => m.To.Split('@')[0])));
        Assert.Equal(expected.Split(' ').Length, page.Total);
        Assert.Equal(expected, string.Join(" ", streamed));
    }

    [Fact]
    public async Task List_ByTemplate_FindsItsMessages()
    {
        var page = await new MessageLog(_database.CreateFactory()).ListAsync(_account, new MessageFilter { TemplateId = Receipt }, 0, 50);

        Assert.Equal(["cy@example.test", "ann@example.test"], page.Items.Select(m => m.To));
        Assert.All(page.Items, m => Assert.Equal(Receipt, m.TemplateId));
    }
}
