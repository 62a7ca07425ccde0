using System.Net;
using SmartSender.Core.ApiKeys;
using SmartSender.Web.Auth;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Net;
using SmtpServer.Protocol;

namespace SmartSender.Web.Submission;

/// <summary>
/// AUTH PLAIN or LOGIN with an API key as the password; the user name is not read (any name will do, e.g. the
/// account's or "apikey"). The key's networks apply as in the HTTP API, and a wrong key counts toward the same
/// failed-key limit (<see cref="FailedKeyAttempts"/>): each failure answers a little later than the one before, and
/// an address over the limit is refused without its key being looked at.
/// </summary>
public sealed class ApiKeyLogin(IServiceScopeFactory scopes, FailedKeyAttempts failures, TimeProvider clock) : IUserAuthenticator
{
    private const string KeyProperty = "SmartSender:ApiKey";

    /// <summary>The key the session logged in with, or null before a successful AUTH.</summary>
    public static ApiKey? KeyOf(ISessionContext context) =>
        context.Authentication.IsAuthenticated && context.Properties.TryGetValue(KeyProperty, out var key) ? key as ApiKey : null;

    public static IPAddress? AddressOf(ISessionContext context) =>
        context.Properties.TryGetValue(EndpointListener.RemoteEndPointKey, out var endpoint) && endpoint is IPEndPoint ip ? ip.Address : null;

    public async Task<bool> AuthenticateAsync(ISessionContext context, string user, string password, CancellationToken ct)
    {
        context.Properties.Remove(KeyProperty);
        var address = AddressOf(context);
        if (!context.Pipe.IsSecure && address is not null && !IPAddress.IsLoopback(address))
        {
            throw new SmtpResponseException(SmtpReplies.EncryptionRequired());
        }

        if (failures.Blocked(address) is { } wait)
        {
            throw new SmtpResponseException(SmtpReplies.TooManyFailures(wait), true);
        }

        ApiKey? key;
        await using (var scope = scopes.CreateAsyncScope())
        {
            key = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().AuthenticateAsync(password.Trim(), ct);
        }

        if (key is null)
        {
            failures.Failed(address);
            await Task.Delay(Slowdown(failures.Count(address)), clock, ct);
            throw new SmtpResponseException(SmtpReplies.CredentialsInvalid());
        }

        if (!key.Limits.AllowsAddress(address))
        {
            throw new SmtpResponseException(SmtpReplies.NotFromHere(key.Name, address?.ToString() ?? "an unknown address"));
        }

        context.Properties[KeyProperty] = key;
        return true;
    }

    /// <summary>A quarter second more for each recent failure, at most two seconds: guessing slows, a typo costs little.</summary>
    private static TimeSpan Slowdown(int recentFailures) => TimeSpan.FromMilliseconds(250 * Math.Clamp(recentFailures, 1, 8));
}
