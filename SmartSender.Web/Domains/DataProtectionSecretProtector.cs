using Microsoft.AspNetCore.DataProtection;
using SmartSender.Core.Domains;
using SmartSender.Core.Common;

namespace SmartSender.Web.Domains;

/// <summary>Encrypts DKIM private keys with ASP.NET Core Data Protection (keys kept in the data folder).</summary>
public class DataProtectionSecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    private readonly IDataProtector _protector = provider.CreateProtector("SmartSender.Domains.DkimPrivateKey.v1");

    public string Protect(string plaintext) => _protector.Protect(plaintext);

    public string Unprotect(string protectedText) => _protector.Unprotect(protectedText);
}
