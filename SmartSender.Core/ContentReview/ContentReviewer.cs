using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;
using SmartSender.Core.Common;

namespace SmartSender.Core.ContentReview;

/// <summary>
/// Scores a message's content before it is queued with a fixed rule set: each rule that fires adds its score and
/// says what it saw; at <see cref="ContentReviewOptions.RejectScore"/> the message is refused. Reads the HTML
/// with compiled patterns, not a DOM, so a typical 20 KB message takes well under a millisecond.
/// </summary>
public sealed class ContentReviewer(IOptions<ContentReviewOptions> options)
{
    private const int MaxRememberedSenders = 10_000;

    /// <summary>Any spam phrase at all: most messages have none, and one search tells so.</summary>
    private static readonly SearchValues<string> AnySpamPhrase = SearchValues.Create(ContentRules.SpamPhrases, StringComparison.OrdinalIgnoreCase);

    /// <summary>An account sends under a few names from a few domains, so the brand each pair imitates is worked out once.</summary>
    private readonly ConcurrentDictionary<(string Name, string Domain), string?> _imitated = new();

    public ContentVerdict Review(ContentInput input)
    {
        var hits = new List<RuleHit>();
        var html = input.Html ?? "";
        var visible = VisibleText(html);
        var links = Links(html);

        if (html.Length > 0 && string.IsNullOrWhiteSpace(input.Text))
        {
            hits.Add(new("missing_text_part", 1.0, "The message has HTML but no plain-text part."));
        }

        var images = ContentPatterns.Image().Count(html);
        if (images > 0 && visible.Length < 60 && string.IsNullOrWhiteSpace(input.Text))
        {
            hits.Add(new("image_only", 3.0, $"{images} image(s) and {visible.Length} characters of text."));
        }

        var mismatched = links.Where(l => l.TextDomain is not null && l.Host is not null && Registrable(l.TextDomain) != Registrable(l.Host)).ToList();
        if (mismatched.Count > 0)
        {
            hits.Add(new("link_domain_mismatch", 3.0, $"Link text {mismatched[0].TextDomain} leads to {mismatched[0].Host}{More(mismatched.Count)}."));
        }

        var shortened = links.Where(l => l.Host is not null && ContentRules.Shorteners.Contains(l.Host)).ToList();
        if (shortened.Count > 0)
        {
            hits.Add(new("url_shortener", 2.0, $"Link through the shortener {shortened[0].Host}{More(shortened.Count)}."));
        }

        var badTld = links.Where(l => l.Host is not null && ContentRules.BadTlds.Contains(l.Host[(l.Host.LastIndexOf('.') + 1)..])).ToList();
        if (badTld.Count > 0)
        {
            hits.Add(new("bad_tld", 1.5, $"Link to {badTld[0].Host}, a top-level domain mostly used for abuse{More(badTld.Count)}."));
        }

        var letters = input.Subject.Count(char.IsLetter);
        if (letters >= 10 && input.Subject.Count(char.IsUpper) >= 0.7 * letters)
        {
            hits.Add(new("subject_all_caps", 1.5, $"The subject is in capitals: \"{input.Subject}\"."));
        }

        var body = $"{input.Subject}\n{visible}\n{input.Text}";
        var phrases = body.AsSpan().ContainsAny(AnySpamPhrase)
            ? ContentRules.SpamPhrases.Where(p => body.Contains(p, StringComparison.OrdinalIgnoreCase)).ToList()
            : [];
        if (phrases.Count > 0)
        {
            hits.Add(new("spam_phrases", Math.Min(4.0, phrases.Count * 1.0), $"Phrases typical of spam: {string.Join(", ", phrases.Take(5).Select(p => $"\"{p}\""))}."));
        }

        var dangerous = input.AttachmentNames.Where(n => ContentRules.DangerousExtensions.Contains(Path.GetExtension(n).TrimStart('.'))).ToList();
        if (dangerous.Count > 0)
        {
            hits.Add(new("dangerous_attachment", 5.0, $"Attachment {dangerous[0]} is a type that runs code{More(dangerous.Count)}."));
        }

        if (input.Stream == MessageStream.Marketing
            && (input.UnsubscribeUrl is null || !(html.Contains(input.UnsubscribeUrl, StringComparison.Ordinal) || (input.Text ?? "").Contains(input.UnsubscribeUrl, StringComparison.Ordinal))))
        {
            hits.Add(new("no_unsubscribe", 3.0, "Marketing mail without an unsubscribe link."));
        }

        if (input.FromDisplayName is { Length: > 0 } name && (ImitatedBrand(name, input.FromDomain) ?? NamedByLinks(name, input.FromDomain, links)) is { } brand)
        {
            hits.Add(new("brand_impersonation", 3.0, $"The sender's name says {brand}, but the mail comes from {input.FromDomain}."));
        }

        var score = hits.Sum(h => h.Score);
        return new ContentVerdict(score, hits, score >= options.Value.RejectScore);
    }

    private static string More(int count) => count > 1 ? $" (and {count - 1} more)" : "";

    private static string VisibleText(string html)
    {
        if (html.Length == 0)
        {
            return "";
        }

        var text = ContentPatterns.Tag().Replace(ContentPatterns.Invisible().Replace(html, " "), " ");
        text = text.Contains('&') ? ContentPatterns.Entity().Replace(text, m => WebUtility.HtmlDecode(m.Value)) : text;
        return ContentPatterns.Space().Replace(text, " ").Trim();
    }

    private static List<(string? Host, string? TextDomain)> Links(string html)
    {
        var links = new List<(string?, string?)>();
        foreach (System.Text.RegularExpressions.Match m in ContentPatterns.Link().Matches(html))
        {
            var href = WebUtility.HtmlDecode(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).Trim();
            var host = Uri.TryCreate(href, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri.IdnHost.ToLowerInvariant() : null;
            var text = WebUtility.HtmlDecode(ContentPatterns.Tag().Replace(m.Groups[3].Value, "")).Trim();
            var named = ContentPatterns.AddressText().Match(text);
            links.Add((host, named.Success ? named.Groups[1].Value.ToLowerInvariant() : null));
        }

        return links;
    }

    /// <summary>The name a domain is registered under: its last two labels, or three under a country's second level (shop.co.uk).</summary>
    internal static string Registrable(string host)
    {
        var labels = host.TrimEnd('.').ToLowerInvariant().Split('.');
        if (labels.Length >= 3 && labels[^1].Length == 2 && labels[^2] is "co" or "com" or "org" or "net" or "ac" or "gov" or "ne" or "or")
        {
            return string.Join('.', labels[^3..]);
        }

        return labels.Length >= 2 ? string.Join('.', labels[^2..]) : host;
    }

    /// <summary>
    /// A sender's name that is the name of a domain the message's own link texts show ("Trivago" beside links
    /// reading trivago.com.au), while the mail comes from another domain: the brand list need not know the brand.
    /// </summary>
    private static string? NamedByLinks(string displayName, string fromDomain, List<(string? Host, string? TextDomain)> links)
    {
        var name = displayName.Trim().ToLowerInvariant();
        var sender = Registrable(fromDomain);
        foreach (var (_, textDomain) in links)
        {
            if (textDomain is null)
            {
                continue;
            }

            var named = Registrable(textDomain);
            if (named != sender && string.Equals(named.Split('.')[0], name, StringComparison.Ordinal))
            {
                return displayName.Trim();
            }
        }

        return null;
    }

    private string? ImitatedBrand(string displayName, string fromDomain)
    {
        if (_imitated.TryGetValue((displayName, fromDomain), out var brand))
        {
            return brand;
        }

        if (_imitated.Count >= MaxRememberedSenders)
        {
            _imitated.Clear();
        }

        return _imitated[(displayName, fromDomain)] = Imitated(displayName, fromDomain);
    }

    private static string? Imitated(string displayName, string fromDomain)
    {
        var domain = fromDomain.ToLowerInvariant();
        var labels = domain.Split('.');
        foreach (var (brand, pattern, domains) in ContentRules.BrandPatterns)
        {
            if (pattern.IsMatch(displayName) && !domains.Any(labels.Contains))
            {
                return brand;
            }
        }

        return null;
    }
}
