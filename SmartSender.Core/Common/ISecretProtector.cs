namespace SmartSender.Core.Common;

/// <summary>Encrypts secrets at rest (DKIM private keys). The web host backs it with ASP.NET Core Data Protection.</summary>
public interface ISecretProtector
{
    string Protect(string plaintext);

    string Unprotect(string protectedText);
}
