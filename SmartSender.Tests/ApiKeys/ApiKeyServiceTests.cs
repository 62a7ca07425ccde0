using Microsoft.Extensions.Options;
using SmartSender.Core.Accounts;
using SmartSender.Core.ApiKeys;
using SmartSender.Core.Persistence;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.ApiKeys;

public class ApiKeyServiceTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private SmartSenderDbContext _db = default!;
    private ApiKeyService _keys = default!;
    private Account _account = default!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _db = _database.CreateContext();
        _keys = new ApiKeyService(_database.CreateFactory(), new ApiKeyCache(Options.Create(new DatabaseOptions())), TimeProvider.System);
        _account = new Account("Shop", DateTime.UtcNow);
        _db.Accounts.Add(_account);
        await _db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Create_StoresOnlyTheHashOfTheSecret()
    {
        var created = (await _keys.CreateAsync(_account.Id, "Web shop")).Value!;

        await using var fresh = _database.CreateContext();
        var stored = Assert.Single(fresh.ApiKeys);
        Assert.NotEqual(created.Secret, stored.Hash);
        Assert.Equal(ApiKeySecret.Hash(created.Secret), stored.Hash);
        Assert.StartsWith(stored.Prefix, created.Secret);
        var files = Directory.GetFiles(Path.GetDirectoryName(_database.Path)!).Select(f => File.ReadAllText(f, System.Text.Encoding.Latin1));
        Assert.DoesNotContain(files, content => content.Contains(created.Secret[ApiKeySecret.Scheme.Length..]));
    }

    [Fact]
    public async Task Authenticate_WithTheSecret_FindsTheKeyAndRecordsItsUse()
    {
        var created = (await _keys.CreateAsync(_account.Id, "Web shop")).Value!;

        var key = await _keys.AuthenticateAsync(created.Secret);

        Assert.NotNull(key);
        Assert.Equal(_account.Id, key.AccountId);
        Assert.NotNull(key.LastUsedAt);
    }

    [Fact]
    public async Task Authenticate_AfterRevoke_Fails()
    {
        var created = (await _keys.CreateAsync(_account.Id, "Web shop")).Value!;

        await _keys.RevokeAsync(_account.Id, created.Key.Id);

        Assert.Null(await _keys.AuthenticateAsync(created.Secret));
    }

    [Theory]
    [InlineData("")]
    [InlineData("ss_short")]
    [InlineData("ss_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Authenticate_UnknownOrMalformedKey_Fails(string secret)
    {
        await _keys.CreateAsync(_account.Id, "Web shop");

        Assert.Null(await _keys.AuthenticateAsync(secret));
    }

    [Fact]
    public async Task Create_WithoutName_IsRefused()
    {
        var result = await _keys.CreateAsync(_account.Id, "   ");

        Assert.Equal("name_required", Assert.Single(result.Errors).Code);
    }

    [Fact]
    public async Task Revoke_KeyOfAnotherAccount_IsNotFound()
    {
        var created = (await _keys.CreateAsync(_account.Id, "Web shop")).Value!;
        var other = new Account("Other", DateTime.UtcNow);
        _db.Accounts.Add(other);
        await _db.SaveChangesAsync();

        var result = await _keys.RevokeAsync(other.Id, created.Key.Id);

        Assert.Equal("api_key_not_found", Assert.Single(result.Errors).Code);
        Assert.NotNull(await _keys.AuthenticateAsync(created.Secret));
    }

    [Fact]
    public async Task Authenticate_RecordsLastUseToTheMinute()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
        var keys = new ApiKeyService(_database.CreateFactory(), new ApiKeyCache(Options.Create(new DatabaseOptions())), clock);
        var created = (await keys.CreateAsync(_account.Id, "Web shop")).Value!;

        await keys.AuthenticateAsync(created.Secret);
        clock.Now = clock.Now.AddSeconds(30);
        await keys.AuthenticateAsync(created.Secret);
        var withinTheMinute = (await keys.ListAsync(_account.Id)).Single().LastUsedAt;
        clock.Now = clock.Now.AddSeconds(31);
        await keys.AuthenticateAsync(created.Secret);
        var later = (await keys.ListAsync(_account.Id)).Single().LastUsedAt;

        Assert.Equal(new DateTime(2026, 11, 28, 10, 0, 0, DateTimeKind.Utc), withinTheMinute);
        Assert.Equal(new DateTime(2026, 11, 28, 10, 1, 1, DateTimeKind.Utc), later);
    }

    [Fact]
    public async Task Create_WithLimits_ChecksEachAndReportsEveryProblemAtOnce()
    {
        var refused = await _keys.CreateAsync(_account.Id, " ", ApiKeyScope.Send, ["other.example"], ["10.0.0.0/33", "office"]);

        Assert.Equal(["name_required", "domain_not_owned", "network_invalid", "network_invalid"], refused.Errors.Select(e => e.Code));
        Assert.Contains("other.example is not one of this account's sending domains", refused.Errors[1].Message);
        Assert.Empty(await _keys.ListAsync(_account.Id));
    }

    [Fact]
    public async Task Create_SendOnlyFromNetworks_KeepsTheLimits_ABareAddressAsARangeOfOne()
    {
        await _keys.CreateAsync(_account.Id, "Web server", ApiKeyScope.Send, networks: ["203.0.113.7", "2001:db8::/32"]);

        var limits = (await _keys.ListAsync(_account.Id)).Single().Limits;

        Assert.Equal(ApiKeyScope.Send, limits.Scope);
        Assert.Equal(["203.0.113.7/32", "2001:db8::/32"], limits.Networks.Select(n => n.ToString()));
        Assert.True(limits.AllowsAddress(System.Net.IPAddress.Parse("203.0.113.7")));
        Assert.True(limits.AllowsAddress(System.Net.IPAddress.Parse("::ffff:203.0.113.7")));
        Assert.False(limits.AllowsAddress(System.Net.IPAddress.Parse("203.0.113.8")));
        Assert.True(limits.AllowsAddress(System.Net.IPAddress.Parse("2001:db8::1")));
        Assert.False(limits.AllowsAddress(null));
    }
}
