using Microsoft.Extensions.Options;
using MimeKit;
using SmartSender.Core.Common;
using SmartSender.Core.ContentReview;
using SmartSender.Core.Messages;
using SmartSender.Tests.Fixtures;

namespace SmartSender.Tests.ContentReview;

/// <summary>
/// The review over real mail: the originals returned inside the bounce and complaint samples. They are ordinary
/// messages (tests, a notice, a README sent by a script), except one newsletter that borrows a travel brand's name.
/// </summary>
public class ContentSampleTests
{
    private const string Samples = "bounces/dev";
    private const string Impostor = "lhost-exchange2007-05.eml";
    private readonly ContentReviewer _reviewer = new(Options.Create(new ContentReviewOptions()));

    [ConformanceFact(Samples)]
    public void ReturnedOriginals_AsTransactionalMail_PassTheReview_ExceptTheNewsletterThatBorrowsABrand()
    {
        var originals = Originals().ToList();
        var refused = originals.Where(o => _reviewer.Review(o.Input).Rejected).Select(o => o.File).Distinct().ToList();

        Assert.True(originals.Count >= 150, $"only {originals.Count} originals with a body");
        Assert.Equal([Impostor], refused);
    }

    [ConformanceFact(Samples)]
    public void NewsletterThatBorrowsABrand_IsRefusedNamingTheBrandAndTheMissingTextPart()
    {
        var impostor = Originals().First(o => o.File == Impostor).Input;

        var verdict = _reviewer.Review(impostor);

        Assert.True(verdict.Rejected, $"score {verdict.Score}: {string.Join("; ", verdict.Hits.Select(h => $"{h.Rule} {h.Score} {h.Detail}"))}");
        Assert.Contains("brand_impersonation", verdict.Hits.Select(h => h.Rule));
        Assert.Contains("missing_text_part", verdict.Hits.Select(h => h.Rule));
        Assert.Contains("supersurprises-au.com", verdict.Hits.Single(h => h.Rule == "brand_impersonation").Detail);
    }

    private static IEnumerable<(string File, ContentInput Input)> Originals()
    {
        foreach (var path in Directory.GetFiles(Conformance.PathOf(Samples), "*.eml").Order(StringComparer.Ordinal))
        {
            MimeMessage report;
            try
            {
                report = MimeMessage.Load(path);
            }
            catch (FormatException)
            {
                continue;
            }

            foreach (var original in report.BodyParts.OfType<MessagePart>().Select(p => p.Message).OfType<MimeMessage>())
            {
                if (string.IsNullOrWhiteSpace(original.TextBody) && string.IsNullOrWhiteSpace(original.HtmlBody))
                {
                    continue;
                }

                var from = original.From.Mailboxes.FirstOrDefault();
                yield return (Path.GetFileName(path), new ContentInput(original.Subject ?? "", original.HtmlBody, original.TextBody, MessageStream.Transactional)
                {
                    FromDisplayName = from?.Name,
                    FromDomain = from?.Domain ?? "",
                    AttachmentNames = [.. original.Attachments.Select(a => a.ContentDisposition?.FileName ?? a.ContentType.Name).OfType<string>()],
                });
            }
        }
    }
}
