using Microsoft.Extensions.Options;
using SmartSender.Core.Persistence;
using SmartSender.Core.Templates;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Templates;

public class TemplateLibraryTests : IAsyncLifetime
{
    private static readonly TemplateContent Welcome = new("Welcome, {{ name }}", "<p>Hi {{ name }}</p>", null);
    private readonly TestDatabase _database = new();
    private readonly FixedClock _clock = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
    private TemplateLibrary _library = default!;
    private Guid _accountId;
    private Guid _otherAccountId;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        var ids = await _database.AddAccountsAsync("Shop", "Other");
        (_accountId, _otherAccountId) = (ids[0], ids[1]);
        _library = new TemplateLibrary(_database.CreateFactory(), new TemplateCache(Options.Create(new DatabaseOptions())), new TemplateRenderer(), _clock);
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Save_MakesANewVersion_AndLeavesTheOldOneAsItWas()
    {
        var created = (await _library.CreateAsync(_accountId, "Welcome", Welcome, """{ "name": "Ann" }""")).Value!;

        _clock.Now = _clock.Now.AddMinutes(5);
        await _library.SaveAsync(_accountId, created.Id, Welcome with { Subject = "Hello, {{ name }}" });

        var template = (await _library.GetAsync(_accountId, created.Id))!;
        Assert.Equal(2, template.CurrentVersion);
        Assert.Equal("Hello, {{ name }}", template.Current.Subject);
        var first = template.Versions.Single(v => v.Number == 1);
        Assert.Equal("Welcome, {{ name }}", first.Subject);
        Assert.Equal("""{ "name": "Ann" }""", first.SampleVariables);
    }

    [Fact]
    public async Task Restore_SavesTheOldContentAsTheNewestVersion()
    {
        var created = (await _library.CreateAsync(_accountId, "Welcome", Welcome)).Value!;
        await _library.SaveAsync(_accountId, created.Id, Welcome with { Subject = "Changed" });

        var restored = (await _library.RestoreAsync(_accountId, created.Id, 1)).Value!;

        Assert.Equal(3, restored.CurrentVersion);
        Assert.Equal("Welcome, {{ name }}", restored.Current.Subject);
        Assert.Equal("template_version_not_found", Assert.Single((await _library.RestoreAsync(_accountId, created.Id, 9)).Errors).Code);
    }

    [Fact]
    public async Task Create_WithASyntaxError_IsRefusedWithTheLine_AndNothingIsStored()
    {
        var result = await _library.CreateAsync(_accountId, "Broken", new TemplateContent("Hi", "<p>ok</p>\n{% if x %}\n<p>never closed</p>", null));

        var error = Assert.IsType<TemplateSyntaxError>(Assert.Single(result.Errors));
        Assert.Equal(TemplatePart.Html, error.Part);
        Assert.Empty(await _library.ListAsync(_accountId));
    }

    [Fact]
    public async Task Create_SameNameTwice_IsRefused()
    {
        await _library.CreateAsync(_accountId, "Welcome", Welcome);

        Assert.Equal("template_name_taken", Assert.Single((await _library.CreateAsync(_accountId, "Welcome", Welcome)).Errors).Code);
        Assert.True((await _library.CreateAsync(_otherAccountId, "Welcome", Welcome)).Succeeded);
    }

    [Fact]
    public async Task Create_SampleThatIsNotAJsonObject_IsRefused()
    {
        Assert.Equal("template_variables_invalid", Assert.Single((await _library.CreateAsync(_accountId, "Welcome", Welcome, "[1]")).Errors).Code);
    }

    [Fact]
    public async Task Duplicate_CopiesTheCurrentContentUnderAFreeName()
    {
        var created = (await _library.CreateAsync(_accountId, "Welcome", Welcome, """{ "name": "Ann" }""")).Value!;

        var copy = (await _library.DuplicateAsync(_accountId, created.Id)).Value!;
        var second = (await _library.DuplicateAsync(_accountId, created.Id)).Value!;

        Assert.Equal("Welcome (copy)", copy.Name);
        Assert.Equal("Welcome (copy 2)", second.Name);
        Assert.Equal(Welcome, copy.Current.Content);
        Assert.Equal("""{ "name": "Ann" }""", copy.Current.SampleVariables);
    }

    [Fact]
    public async Task FindForSending_ByNameOrId_GivesTheCurrentVersion_ButNotOfAnArchivedTemplate()
    {
        var created = (await _library.CreateAsync(_accountId, "Welcome", Welcome)).Value!;
        await _library.SaveAsync(_accountId, created.Id, Welcome with { Subject = "v2" });

        Assert.Equal(2, (await _library.FindForSendingAsync(_accountId, "Welcome")).Value!.Number);
        Assert.Equal(2, (await _library.FindForSendingAsync(_accountId, created.Id.ToString())).Value!.Number);
        Assert.Equal("template_not_found", Assert.Single((await _library.FindForSendingAsync(_otherAccountId, "Welcome")).Errors).Code);

        await _library.ArchiveAsync(_accountId, created.Id);

        Assert.Equal("template_archived", Assert.Single((await _library.FindForSendingAsync(_accountId, "Welcome")).Errors).Code);
        Assert.Empty(await _library.ListAsync(_accountId));
        Assert.Single(await _library.ListAsync(_accountId, includeArchived: true));
    }

    [Fact]
    public async Task FindForSending_AfterASaveOrARestore_GivesTheNewCurrentVersion()
    {
        var created = (await _library.CreateAsync(_accountId, "Welcome", Welcome)).Value!;
        Assert.Equal(1, (await _library.FindForSendingAsync(_accountId, "Welcome")).Value!.Number);

        await _library.SaveAsync(_accountId, created.Id, Welcome with { Subject = "v2" });
        var second = (await _library.FindForSendingAsync(_accountId, "Welcome")).Value!;
        await _library.RestoreAsync(_accountId, created.Id, 1);
        var third = (await _library.FindForSendingAsync(_accountId, "Welcome")).Value!;

        Assert.Equal((2, "v2"), (second.Number, second.Content.Subject));
        Assert.Equal((3, Welcome.Subject), (third.Number, third.Content.Subject));
    }
}
