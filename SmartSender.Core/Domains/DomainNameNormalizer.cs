using System.Globalization;
using SmartSender.Core.Common;

namespace SmartSender.Core.Domains;

/// <summary>Turns what a user typed into the name DNS knows: lower case, punycode (IDNA), no trailing dot.</summary>
public static class DomainNameNormalizer
{
    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = true };

    public static Result<string> Normalize(string? input)
    {
        var name = (input ?? "").Trim().TrimEnd('.').ToLowerInvariant();
        if (name.Length == 0)
        {
            return DomainErrors.NameRequired();
        }

        if (name.Contains('@') || name.Contains('/') || name.Contains(':') || name.Any(char.IsWhiteSpace))
        {
            return DomainErrors.NotADomainName(input!);
        }

        string ascii;
        try
        {
            ascii = Idn.GetAscii(name);
        }
        catch (ArgumentException)
        {
            return DomainErrors.NotADomainName(input!);
        }

        var labels = ascii.Split('.');
        var valid = ascii.Length <= 253 && labels.Length >= 2
            && labels.All(l => l.Length is > 0 and <= 63 && !l.StartsWith('-') && !l.EndsWith('-') && l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            && !labels[^1].All(char.IsAsciiDigit);
        return valid ? Result<string>.Success(ascii) : DomainErrors.NotADomainName(input!);
    }
}
