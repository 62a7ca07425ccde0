using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace SmartSender.Web.Hosting;

public static class OperatorSettings
{
    public const string FileName = "appsettings.json";

    /// <summary>
    /// Loads the operator's appsettings.json, which the build copies beside the program from the repository root.
    /// It goes in after the content root's JSON files and before environment variables and the command line,
    /// so those can still override it.
    /// </summary>
    public static IConfigurationManager AddOperatorSettings(this IConfigurationManager configuration)
    {
        var sources = ((IConfigurationBuilder)configuration).Sources;
        var source = new JsonConfigurationSource
        {
            Path = FileName,
            Optional = false,
            ReloadOnChange = false,
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
        };
        var lastJson = sources.Select((s, i) => (s, i)).LastOrDefault(x => x.s is JsonConfigurationSource, (null!, -1)).Item2;
        sources.Insert(lastJson + 1, source);
        return configuration;
    }
}
