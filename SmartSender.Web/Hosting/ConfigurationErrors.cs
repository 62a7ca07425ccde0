using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace SmartSender.Web.Hosting;

/// <summary>A setting that cannot work stops the start with one line per problem, naming the setting, instead of failing pages later.</summary>
public static partial class ConfigurationErrors
{
    /// <summary>EX_CONFIG of sysexits.h: a service manager can tell a configuration error from a crash.</summary>
    public const int ExitCode = 78;

    /// <summary>The options failures inside <paramref name="ex"/>, or none when it is not about settings.</summary>
    public static IReadOnlyList<string> Of(Exception ex) => ex switch
    {
        OptionsValidationException options => [.. options.Failures.SelectMany(f => f.Split("; ", StringSplitOptions.RemoveEmptyEntries)).Select(Plain).Distinct()],
        AggregateException aggregate when aggregate.InnerExceptions.All(e => e is OptionsValidationException) => [.. aggregate.InnerExceptions.SelectMany(Of).Distinct()],
        _ => [],
    };

    public static int Report(IReadOnlyList<string> failures)
    {
        Console.Error.WriteLine("SmartSender cannot start. Fix these settings (in appsettings.json, an environment variable or the command line):");
        foreach (var failure in failures)
        {
            Console.Error.WriteLine("  - " + failure);
        }

        return ExitCode;
    }

    /// <summary>The validator's own words, without the framework's "DataAnnotation validation failed for …" wrapping.</summary>
    private static string Plain(string failure) =>
        WrappedMessage().Match(failure) is { Success: true } match ? match.Groups[1].Value : failure;

    [GeneratedRegex(@"with the error: '(.*)'\.?$", RegexOptions.Singleline)]
    private static partial Regex WrappedMessage();
}
