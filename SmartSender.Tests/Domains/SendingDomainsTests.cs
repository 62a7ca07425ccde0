using SmartSender.Core.Domains;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.Domains;

public class SendingDomainsTests : IAsyncLifetime, IClassFixture<TestDnsServer>
{
    private readonly TestDatabase _database = new();
    private readonly DomainTestContext _context;
    private SendingDomains _domains = default!;
    private Guid _accountId;
    private Guid _otherAccountId;

    public SendingDomainsTests(TestDnsServer dns)
    {
        dns.Clear();
        _context = new DomainTestContext(_database, dns);
    }

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        var ids = await _database.AddAccountsAsync("Shop", "Other");
        (_accountId, _otherAccountId) = (ids[0], ids[1]);
        _domains = _context.CreateService();
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Add_NormalisesTheName()
    {
        var domain = (await _domains.AddAsync(_accountId, " Bücher.Example. ")).Value!;

        Assert.Equal("xn--bcher-kva.example", domain.Name);
        Assert.Equal(DomainStatus.Pending, domain.Status);
    }

    [Fact]
    public async Task Add_PublicMailboxDomain_IsRefusedWithTheReason()
    {
        var result = await _domains.AddAsync(_accountId, "gmail.com");

        var error = Assert.Single(result.Errors);
        Assert.Equal("domain_public_mailbox", error.Code);
        Assert.Contains("public mailbox provider", error.Message);
    }

    [Fact]
    public async Task Add_ANameAnotherAccountAddedButHasNotProved_IsAllowed()
    {
        await _domains.AddAsync(_otherAccountId, "shop.example");

        var result = await _domains.AddAsync(_accountId, "SHOP.example");

        Assert.True(result.Succeeded);
        Assert.Equal("domain_exists", Assert.Single((await _domains.AddAsync(_accountId, "shop.example")).Errors).Code);
    }

    [Fact]
    public async Task Verify_TheAccountThatProvesOwnershipGetsTheName_AndTheOthersAreToldOnlyThatItIsVerifiedElsewhere()
    {
        var squatted = (await _domains.AddAsync(_otherAccountId, "shop.example")).Value!;
        var owned = (await _domains.AddAsync(_accountId, "shop.example")).Value!;
        _context.Publish(_domains.RecordsOf(owned));

        var verified = (await _domains.VerifyAsync(_accountId, owned.Id)).Value!;

        Assert.True(verified.CanSend);
        Assert.NotNull(verified.OwnedSince);

        // Even the squatter's own proof, published later, cannot take the name back.
        _context.Publish(_domains.RecordsOf(squatted).Where(r => r.Kind == DnsRecordKind.Ownership));
        var refused = (await _domains.VerifyAsync(_otherAccountId, squatted.Id)).Value!;
        var ownership = refused.CheckOf(DnsRecordKind.Ownership);
        Assert.Equal(RecordStatus.Failing, ownership.Status);
        Assert.Equal(DomainErrors.VerifiedElsewhereHint, ownership.Hint);
        Assert.False(refused.CanSend);
        Assert.Null(refused.OwnedSince);

        var third = (await _database.AddAccountsAsync("Third"))[0];
        var late = Assert.Single((await _domains.AddAsync(third, "shop.example")).Errors);
        Assert.Equal("domain_taken", late.Code);
        Assert.Contains("verified elsewhere", late.Message);
        Assert.True((await _domains.VerifyAsync(_accountId, owned.Id)).Value!.CanSend);
    }

    [Fact]
    public async Task Add_KeepsThePrivateKeyEncryptedAndPublishesTheDkimKeyInStringsOf255()
    {
        var domain = (await _domains.AddAsync(_accountId, "shop.example", "s2026")).Value!;

        var key = Assert.Single(domain.Keys);
        Assert.Equal("s2026", key.Selector);
        Assert.DoesNotContain("PRIVATE KEY", key.ProtectedPrivateKey);
        Assert.Contains("PRIVATE KEY", _context.Protector.Unprotect(key.ProtectedPrivateKey));
        var dkim = _domains.RecordsOf(domain).Single(r => r.Kind == DnsRecordKind.Dkim);
        Assert.Equal("s2026._domainkey", dkim.Host);
        Assert.Equal("s2026._domainkey.shop.example", dkim.FullName);
        Assert.True(dkim.ValueStrings.Count > 1);
        Assert.All(dkim.ValueStrings, s => Assert.True(s.Length <= 255));
        Assert.Equal(dkim.Value, string.Concat(dkim.ValueStrings));
        Assert.DoesNotContain(_domains.RecordsOf(domain), r => r.Value.Contains("PRIVATE"));
    }

    [Fact]
    public async Task Verify_EveryRecordPublished_VerifiesTheDomain()
    {
        var domain = (await _domains.AddAsync(_accountId, "shop.example")).Value!;
        _context.Publish(_domains.RecordsOf(domain));

        var verified = (await _domains.VerifyAsync(_accountId, domain.Id)).Value!;

        Assert.All(verified.Checks, c => Assert.True(c.Status == RecordStatus.Verified, $"{c.Kind}: {c.Status} {c.Hint}"));
        Assert.Equal(DomainStatus.Verified, verified.Status);
        Assert.True(verified.CanSend);
    }

    [Fact]
    public async Task Verify_NothingPublishedYet_SaysNotVisibleYetRatherThanFailed()
    {
        var domain = (await _domains.AddAsync(_accountId, "shop.example")).Value!;

        var checkedNow = (await _domains.VerifyAsync(_accountId, domain.Id)).Value!;
        _context.Clock.Now = _context.Clock.Now.AddHours(49);
        var checkedLater = (await _domains.VerifyAsync(_accountId, domain.Id)).Value!;

        Assert.Equal(DomainStatus.Pending, checkedNow.Status);
        Assert.StartsWith("Not visible yet", checkedNow.CheckOf(DnsRecordKind.Ownership).Hint);
        Assert.Equal(DomainStatus.Failing, checkedLater.Status);
        Assert.Equal(RecordStatus.Missing, checkedLater.CheckOf(DnsRecordKind.Spf).Status);
        Assert.Contains("No SPF record exists at shop.example", checkedLater.CheckOf(DnsRecordKind.Spf).Hint);
    }

    [Fact]
    public async Task Verify_ZoneTypedIntoTheHostField_IsNamed()
    {
        var domain = (await _domains.AddAsync(_accountId, "shop.example")).Value!;
        var records = _domains.RecordsOf(domain);
        _context.Publish(records.Where(r => r.Kind != DnsRecordKind.Dkim));
        var dkim = records.Single(r => r.Kind == DnsRecordKind.Dkim);
        _context.Dns.Add($"{dkim.FullName}.shop.example", TestDnsRecord.Txt([.. dkim.ValueStrings]));

        var check = (await _domains.VerifyAsync(_accountId, domain.Id)).Value!.CheckOf(DnsRecordKind.Dkim, dkim.Selector);

        Assert.Equal(RecordStatus.Failing, check.Status);
        Assert.Contains("s1._domainkey.shop.example.shop.example".Replace("s1", dkim.Selector), check.Hint);
        Assert.Contains("typed into the host field", check.Hint);
    }

    [Fact]
    public async Task Verify_TwoSpfRecords_AreNamed()
    {
        var check = await VerifyWithSpfAsync("v=spf1 ip4:192.0.2.10 ~all", "v=spf1 include:other.example -all");

        Assert.Equal(RecordStatus.Failing, check.Status);
        Assert.Contains("2 SPF records", check.Hint);
    }

    [Fact]
    public async Task Verify_SpfOverTenLookups_IsNamed()
    {
        for (var i = 1; i <= 11; i++)
        {
            _context.Dns.Add($"i{i}.example", TestDnsRecord.Txt("v=spf1 -all"));
        }

        var check = await VerifyWithSpfAsync($"v=spf1 {string.Join(' ', Enumerable.Range(1, 11).Select(i => $"include:i{i}.example"))} ip4:192.0.2.10 ~all");

        Assert.Equal(RecordStatus.Failing, check.Status);
        Assert.Contains("more than 10 DNS lookups", check.Hint);
    }

    [Theory]
    [InlineData("v=spf1 +all", "+all")]
    [InlineData("v=spf1 ip4:192.0.2.10 ?all", "?all")]
    public async Task Verify_SpfThatLetsAnyoneSend_IsNamed(string record, string policy)
    {
        var check = await VerifyWithSpfAsync(record);

        Assert.Equal(RecordStatus.Failing, check.Status);
        Assert.Contains($"ends with {policy}", check.Hint);
    }

    [Fact]
    public async Task Verify_SpfWithoutSmartSender_SaysWhatToAdd()
    {
        var check = await VerifyWithSpfAsync("v=spf1 ip4:203.0.113.5 -all");

        Assert.Equal(RecordStatus.Failing, check.Status);
        Assert.Contains("does not authorise SmartSender's sending address 192.0.2.10", check.Hint);
        Assert.Contains("ip4:192.0.2.10", check.Hint);
    }

    [Fact]
    public async Task Verify_DkimWithQuotesInside_IsNamed()
    {
        var check = await VerifyWithDkimAsync(value => value[..200] + "\" \"" + value[200..]);

        Assert.Equal(RecordStatus.Failing, check.Status);
        Assert.Contains("quote marks", check.Hint);
    }

    [Fact]
    public async Task Verify_DkimCutOffAt255_IsNamed()
    {
        var check = await VerifyWithDkimAsync(value => value[..255]);

        Assert.Equal(RecordStatus.Failing, check.Status);
        Assert.Contains("cut off", check.Hint);
    }

    [Fact]
    public async Task Verify_ProxiedCname_IsNamed()
    {
        var domain = (await _domains.AddAsync(_accountId, "shop.example")).Value!;
        _context.Publish(_domains.RecordsOf(domain).Where(r => r.Kind != DnsRecordKind.Tracking));
        _context.Dns.Add("track.shop.example", TestDnsRecord.A("104.16.0.1"));

        var verified = (await _domains.VerifyAsync(_accountId, domain.Id)).Value!;

        var check = verified.CheckOf(DnsRecordKind.Tracking);
        Assert.Equal(RecordStatus.Failing, check.Status);
        Assert.Contains("DNS only", check.Hint);
        Assert.Equal(DomainStatus.Verified, verified.Status);
    }

    [Fact]
    public async Task VerifyAll_AfterARecordIsRemoved_BlocksSendingAndKeepsTheHistory()
    {
        var domain = (await _domains.AddAsync(_accountId, "shop.example")).Value!;
        _context.Publish(_domains.RecordsOf(domain));
        await _domains.VerifyAsync(_accountId, domain.Id);
        _context.Clock.Now = _context.Clock.Now.AddHours(2);
        var dkim = _domains.RecordsOf(domain).Single(r => r.Kind == DnsRecordKind.Dkim);
        _context.Dns.Remove(dkim.FullName);

        await _domains.VerifyAllAsync();

        var after = (await _domains.GetAsync(_accountId, domain.Id))!;
        Assert.Equal(DomainStatus.Failing, after.Status);
        Assert.False(after.CanSend);
        var change = after.History.First(h => h.Kind == DnsRecordKind.Dkim && h.To == RecordStatus.Missing);
        Assert.Equal(RecordStatus.Verified, change.From);
    }

    [Fact]
    public async Task KeyRotation_NewKeySignsOnlyOnceVerified_AndTheOldOneRetires()
    {
        var domain = (await _domains.AddAsync(_accountId, "shop.example")).Value!;
        _context.Publish(_domains.RecordsOf(domain));
        await _domains.VerifyAsync(_accountId, domain.Id);
        var oldSelector = domain.Keys.Single().Selector;

        var rotating = (await _domains.StartKeyRotationAsync(_accountId, domain.Id, "ss2")).Value!;
        var whilePending = (await _domains.VerifyAsync(_accountId, domain.Id)).Value!;
        Assert.Equal(oldSelector, Assert.Single(whilePending.SigningKeys).Selector);
        Assert.True(whilePending.CanSend);

        _context.Publish(_domains.RecordsOf(rotating).Where(r => r.Selector == "ss2"));
        var rotated = (await _domains.VerifyAsync(_accountId, domain.Id)).Value!;

        Assert.Equal("ss2", Assert.Single(rotated.SigningKeys).Selector);
        Assert.Equal(DkimKeyState.Retired, rotated.Keys.Single(k => k.Selector == oldSelector).State);
        Assert.True(rotated.CanSend);
    }

    private async Task<RecordCheck> VerifyWithSpfAsync(params string[] spfRecords)
    {
        var domain = (await _domains.AddAsync(_accountId, "shop.example")).Value!;
        _context.Publish(_domains.RecordsOf(domain).Where(r => r.Kind != DnsRecordKind.Spf));
        foreach (var record in spfRecords)
        {
            _context.Dns.Add("shop.example", TestDnsRecord.Txt(record));
        }

        return (await _domains.VerifyAsync(_accountId, domain.Id)).Value!.CheckOf(DnsRecordKind.Spf);
    }

    private async Task<RecordCheck> VerifyWithDkimAsync(Func<string, string> mangle)
    {
        var domain = (await _domains.AddAsync(_accountId, "shop.example")).Value!;
        var records = _domains.RecordsOf(domain);
        _context.Publish(records.Where(r => r.Kind != DnsRecordKind.Dkim));
        var dkim = records.Single(r => r.Kind == DnsRecordKind.Dkim);
        _context.Dns.Add(dkim.FullName, TestDnsRecord.Txt([.. PublishedRecord.SplitTxt(mangle(dkim.Value))]));
        return (await _domains.VerifyAsync(_accountId, domain.Id)).Value!.CheckOf(DnsRecordKind.Dkim, dkim.Selector);
    }
}
