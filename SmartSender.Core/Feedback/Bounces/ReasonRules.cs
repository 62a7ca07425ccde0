using System.Text.RegularExpressions;

namespace SmartSender.Core.Feedback.Bounces;

/// <summary>
/// The words servers use for each reason, checked in order: specific soft reasons before the hard ones, so
/// "mailbox full" or "blocked" is never read as an unknown user. Where no words match, the enhanced status decides.
/// </summary>
public static partial class ReasonRules
{
    private static readonly (BounceReason Reason, Regex Words, bool IsGeneric)[] Rules =
    [
        (BounceReason.Rejected, Words(@"sender address|domain of sender|sender domain|sender (is )?(rejected|invalid|unknown)|from:?\s+(header|domain|address)?.{0,30}invalid|provide a valid from|not (a )?member of|you are not (a )?member"), false),
        (BounceReason.Filtered, Words(@"recipient preferences|refused by (the )?recipient|content filter"), false),
        (BounceReason.HostUnknown, Words(@"account or domain may not exist"), false),
        (BounceReason.UserUnknown, Words(@"recipient address rejected: access denied"), false),
        (BounceReason.MailboxFull, Words(@"mail ?box (is )?full|mailbox.{0,30}(over|exceed(s|ed)?).{0,12}(quota|limit|storage)|over ?quota|quota (exceeded|exceed|full)|exceeded.{0,30}(storage|quota)|insufficient (disk|storage|system storage)|disk quota|mail ?box size limit|too much mail|full mailbox|not enough (storage|space)|mail ?folder is full|user is over|(storage|mailbox) (space )?(is )?(exceeded|full)|out of (mailbox )?space|postfach (ist )?voll|speicher(platz)? (ist )?voll|\bvoll\b|bo[iî]te( aux lettres)? (est )?pleine|buz[oó]n (est[aá] )?lleno|casella (di posta )?(è )?piena|caixa (postal )?(est[aá] )?cheia|mailbox (is )?vol\b|ящик переполнен|переполнен|容量(が|を)?(超過|オーバー|不足)|メールボックスがいっぱい"), false),
        (BounceReason.Suspended, Words(@"(account|mailbox|user|address|recipient)( has been| is| was)? (currently )?(disabled|suspended|inactive|deactivated|locked|frozen|expired|blocked by)|inactive (user|account|mailbox)|temporarily (disabled|deactivated|unavailable)|mailbox is not active|not active|mailbox (is )?unavailable.{0,20}(suspend|disabled)|account (closed|blocked)"), false),
        (BounceReason.HasMoved, Words(@"has (been )?moved|address (has )?changed|5\.1\.6"), false),
        (BounceReason.NotAccept, Words(@"does not accept (e-?)?mail|not accepting (any )?mail|accepts no mail|null mx|5\.1\.10|5\.7\.27"), false),
        (BounceReason.VirusDetected, Words(@"virus|malware|infected|trojan"), false),
        (BounceReason.SpamDetected, Words(@"spam|junk mail|bulk mail|\bUBE\b|message (content|body) (was )?(rejected|refused)|content (rejected|filter)|looks like (spam|unsolicited)|classified as"), false),
        (BounceReason.AuthFailure, Words(@"\bspf\b|\bdkim\b|\bdmarc\b|not authenticated|authentication (failed|required)|5\.7\.(23|25|26)\b|sender domain.{0,30}(invalid|not verified)"), false),
        (BounceReason.Blocked, Words(@"blocked|protocol error|black ?list|block ?list|\brbl\b|spamhaus|dnsbl|barracuda|(?<!not )listed (at|on|in|by)|(poor|bad|low) reputation|reputation|client host.{0,30}rejected|access denied|not allowed to send|refused to talk|connection (refused|rejected|denied)|banned|your (ip|host|server)|sender ip|ip address.{0,30}(rejected|blocked|not allowed)|reverse dns|ptr record|no ptr|reverse (lookup|dns)|rdns|hostname.{0,30}(not|does not|doesn't) resolve|dynamic ip|dial-?up"), false),
        (BounceReason.MessageTooBig, Words(@"message (size )?(is )?(too (big|large)|exceeds)|size (limit|exceeds)|too large|exceeds.{0,30}(size|limit)"), false),
        (BounceReason.RateLimited, Words(@"too many (connections|messages|recipients|concurrent)|rate limit|throttl|(sending|receiving).{0,20}(too quickly|at a rate)|exceeded.{0,20}(limit|rate)"), false),
        (BounceReason.Policy, Words(@"\bpolicy\b|not permitted|prohibited|relay(ing)? (denied|not permitted|access denied)|we do not relay|not allowed|authentication required|unauthorized|not authorized"), false),
        (BounceReason.NetworkError, Words(@"name ?server (failure|reply|error|problem|timeout)|servfail|server ?failure|dns (query|lookup|resolution|server) (failed|failure|error|timed out|timeout)|dns (error|failure|timeout|temporary)|lookup timed out|temporary (dns|lookup|name resolution) (failure|error)"), false),
        (BounceReason.HostUnknown, Words(@"host \S+ not found|dns lookup fail|domain is not reachable|(couldn't|could not|cannot|can't) find a mail exchanger|no mail exchanger|host (or domain name )?(unknown|not found)|unknown host|domain (name )?(not found|does not exist|unknown|not exist)|no such (domain|host)|name service error|unrouteable (mail )?domain|nxdomain|no mx|illegal host|unresolvable|could not be resolved|non-?existent (domain|host)|domain.{0,20}(is )?(invalid|unknown)|unknown domain|host.{0,20}lookup (failed|error)"), false),
        (BounceReason.UserUnknown, Words(@"user unknown|recipient name is not recognized|unknown\s+recipient|no valid recipients|unknown user|no such (user|mailbox|recipient|person|account|address|local user)|(user|mailbox|account|address|recipient|e-?mail address|addressee)(\s+\S+)?\s+(does not|doesn't|did not) exist|does not exist|doesn't exist|(mailbox|user|recipient|address|addressee|account) (was |is )?(not found|unknown|invalid)|(unknown|invalid|non-?existent) (recipient|address|mailbox|local-?part|user|e-?mail|account)|not a valid (recipient|mailbox|user|address)|no mailbox|unrouteable address|recipient (address )?rejected.{0,30}(unknown|not exist)|is not a (known|valid) user|bad destination mailbox|no account by that name|unknown or illegal alias|mailbox (not|isn't|is not) (exist|present|available)|no (such )?account|not our customer|not listed in|this user doesn't have|user.{0,10}not (exist|here|local)|invalid (final )?delivery address|address (is )?(unknown|rejected.{0,10}unknown)|unknown local part|mailbox unavailable|requested action not taken: mailbox|user (not|isn't) (found|known)|no such|recipient does not|undeliverable address|bad recipient|user doesn.t have|(benutzer|empf[aä]nger|adresse|postfach|mailbox|konto)\s+(ist\s+)?unbekannt|unbekannte[rs]? (benutzer|empf[aä]nger|adresse)|existiert nicht|gibt es nicht|(utilisateur|destinataire|adresse|bo[iî]te( aux lettres)?) (est )?inconnue?|n'existe pas|(usuario|destinatario|direcci[oó]n|buz[oó]n) (es )?desconocid[oa]|no existe|(utente|destinatario|indirizzo) (è )?sconosciuto|inesistente|non esiste|(usu[aá]rio|destinat[aá]rio|endere[cç]o) desconhecid[oa]|n[aã]o existe|(gebruiker|ontvanger|adres) (is )?onbekend|bestaat niet|не существует|несуществующ|нет такого|неизвестн|存在しません|宛先不明|不存在|用户不存在"), false),
        (BounceReason.Expired, Words(@"(delivery|retry) (time(out)?|period) (has )?(expired|exceeded)|message expired|(has|was) not been delivered (for|within)|could not be delivered (for|within)|too long in (the )?queue|queued? too long|retry (time(out)?|period) exceeded|have been failing for a long time|delivery attempts? (will continue|failed for)|for \d+ (days|hours)|maximum (delivery|retry|time)|timeout exceeded|expired"), false),
        (BounceReason.NetworkError, Words(@"connection (timed out|reset|lost|closed)|timed out|no route to host|network (is )?(unreachable|error)|loops? back|mail loop|hop count|too many hops|unable to connect|could not connect|lost connection|connect to .* failed"), false),
        (BounceReason.SystemError, Words(@"system (error|config|problem)|internal (server )?error|local error|temporary (local )?(failure|problem|error)|i/o error|insufficient (system )?resources|out of memory|configuration error|server error|unknown mailer error|mailer error|service unavailable"), true),
        (BounceReason.ContentError, Words(@"content|header|mime|attachment|message (was )?rejected|syntax|malformed|line too long|8bit|encoding"), true),
        (BounceReason.Rejected, Words(@"rejected|refused|denied|not accepted|sender address|envelope"), true),
    ];

    /// <summary>
    /// The reason of <paramref name="text"/>: specific words first, then what <paramref name="status"/> names, then
    /// words as general as "rejected"; then the same in <paramref name="context"/>, the report's wider text.
    /// </summary>
    public static BounceReason? Of(string? text, string? status, string? context = null) =>
        Match(text, generic: false) ?? FromStatus(status) ?? Match(text, generic: true)
        ?? Match(context, generic: false) ?? Match(context, generic: true);

    /// <summary>The first reason whose words appear in <paramref name="text"/>.</summary>
    public static BounceReason? Match(string? text) => Match(text, generic: false) ?? Match(text, generic: true);

    private static BounceReason? Match(string? text, bool generic)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        foreach (var (reason, words, isGeneric) in Rules)
        {
            if (isGeneric == generic && words.IsMatch(text))
            {
                return reason;
            }
        }

        return null;
    }

    /// <summary>The reason an enhanced status code (RFC 3463) names by itself.</summary>
    public static BounceReason? FromStatus(string? status) => status?.Split('.') switch
    {
        [_, "1", "1"] or [_, "1", "3"] => BounceReason.UserUnknown,
        [_, "1", "2"] => BounceReason.HostUnknown,
        [_, "1", "6"] => BounceReason.HasMoved,
        ["5", "1", "10"] => BounceReason.NotAccept,
        [_, "2", "2"] => BounceReason.MailboxFull,
        [_, "2", "1"] => BounceReason.Suspended,
        [_, "2", "3"] or [_, "3", "4"] => BounceReason.MessageTooBig,
        [_, "4", "7"] => BounceReason.Expired,
        [_, "4", _] => BounceReason.NetworkError,
        [_, "3", _] => BounceReason.SystemError,
        [_, "6", _] => BounceReason.ContentError,
        [_, "7", "1"] => BounceReason.Blocked,
        [_, "7", _] => BounceReason.Policy,
        [_, "5", _] or [_, "1", _] => BounceReason.Rejected,
        _ => null,
    };

    private static Regex Words(string pattern) => new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromSeconds(1));
}
