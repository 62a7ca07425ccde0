using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmartSender.Core.Accounts;
using SmartSender.Core.Delivery;
using SmartSender.Core.Delivery.Lanes;
using SmartSender.Core.Delivery.Pump;
using SmartSender.Core.Suppressions;
using SmartSender.Core.Messages;
using SmartSender.Core.Templates;
using SmartSender.Core.Domains;
using SmartSender.Core.Domains.Dkim;
using SmartSender.Core.Tracking;
using SmartSender.Tests.Domains;
using SmartSender.Tests.Builders;
using SmartSender.Tests.Fixtures;
using SmtpServer.Protocol;

namespace SmartSender.Tests.Delivery;

/// <summary>
/// What a delivered message carries: DKIM signatures (RSA and Ed25519) that verify after the SMTP hop and break when
/// the message is altered, and one-click unsubscribe on marketing mail only.
/// </summary>
public class DeliveredHeadersTests(TestDnsServer dns) : PumpTest(dns), IClassFixture<TestDnsServer>
{
    [Fact]
    public async Task Deliver_SignsWithRsaAndEd25519_AndBothSignaturesVerifyAfterTheSmtpHop()
    {
        var id = await SubmitAsync(new SendRequestBuilder());

        await DeliverAsync();

        var received = await Smtp.NextAsync();
        var signatures = received.Headers.Where(h => h.Id == MimeKit.HeaderId.DkimSignature).ToList();
        Assert.Equal(2, signatures.Count);
        Assert.Contains(signatures, h => h.Value.Contains("a=rsa-sha256"));
        Assert.Contains(signatures, h => h.Value.Contains("a=ed25519-sha256"));
        Assert.All(signatures, h => Assert.Contains("d=shop.test", h.Value));
        var verifier = new MimeKit.Cryptography.DkimVerifier(new DnsDkimPublicKeyLocator(Dns.CreateResolver()));
        foreach (var signature in signatures)
        {
            Assert.True(await verifier.VerifyAsync(received, signature), signature.Value);
        }
    }

    [Fact]
    public async Task Deliver_ARowQueuedWithoutItsSendingDomain_IsSignedByItsFromDomain()
    {
        // Rows queued before the column existed have it empty; the From domain still decides who signs.
        var id = await SubmitAsync(new SendRequestBuilder());
        await using (var db = Database.CreateContext())
        {
            Assert.Equal(1, await db.Messages.Where(m => m.Id == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.SendingDomain, "")));
        }

        await DeliverAsync();

        var received = await Smtp.NextAsync();
        Assert.Contains(received.Headers, h => h.Id == MimeKit.HeaderId.DkimSignature && h.Value.Contains("d=shop.test"));
        Assert.Equal(MessageStatus.Delivered, (await LoadAsync(id)).Status);
    }

    [Fact]
    public async Task Deliver_SignatureDoesNotVerifyOnceTheSubjectIsAltered()
    {
        var id = await SubmitAsync(new SendRequestBuilder());
        await DeliverAsync();
        var received = await Smtp.NextAsync();

        received.Subject = "Altered on the way";

        var verifier = new MimeKit.Cryptography.DkimVerifier(new DnsDkimPublicKeyLocator(Dns.CreateResolver()));
        Assert.False(await verifier.VerifyAsync(received, received.Headers.First(h => h.Id == MimeKit.HeaderId.DkimSignature)));
    }

    [Fact]
    public async Task Deliver_MarketingMessage_CarriesOneClickUnsubscribe_SignedByDkim_AndTheSameLinkInItsFooter()
    {
        var id = await SubmitAsync(new SendRequestBuilder().Marketing());

        await DeliverAsync();

        var received = await Smtp.NextAsync();
        var token = (await LoadAsync(id)).Token;
        Assert.Matches("^[A-Za-z0-9_-]{30}$", token);
        var link = $"https://links.smartsender.test/u/{token}";
        Assert.Equal($"<{link}>", received.Headers[MimeKit.HeaderId.ListUnsubscribe]);
        Assert.Equal("List-Unsubscribe=One-Click", received.Headers[MimeKit.HeaderId.ListUnsubscribePost]);
        Assert.Contains($"Unsubscribe: {link}", received.TextBody);
        Assert.Contains($"href=\"{link}\"", received.HtmlBody);
        // RFC 8058 §4: both headers must be covered by a valid DKIM signature.
        var rsa = received.Headers.First(h => h.Id == MimeKit.HeaderId.DkimSignature && h.Value.Contains("a=rsa-sha256"));
        var signedHeaders = System.Text.RegularExpressions.Regex.Match(rsa.Value, @"h=([^;]+)").Groups[1].Value.Replace(" ", "").ToLowerInvariant();
        Assert.Contains("list-unsubscribe:", signedHeaders + ":");
        Assert.Contains("list-unsubscribe-post", signedHeaders);
        var verifier = new MimeKit.Cryptography.DkimVerifier(new DnsDkimPublicKeyLocator(Dns.CreateResolver()));
        Assert.True(await verifier.VerifyAsync(received, rsa));
    }

    [Fact]
    public async Task Deliver_TransactionalMessage_HasNoUnsubscribeHeadersOrFooter()
    {
        var id = await SubmitAsync(new SendRequestBuilder());

        await DeliverAsync();

        var received = await Smtp.NextAsync();
        Assert.False(received.Headers.Contains(MimeKit.HeaderId.ListUnsubscribe));
        Assert.False(received.Headers.Contains(MimeKit.HeaderId.ListUnsubscribePost));
        Assert.DoesNotContain("Unsubscribe", received.TextBody);
    }
}
