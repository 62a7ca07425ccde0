using Microsoft.Extensions.Options;
using SmartSender.Core.Persistence;

namespace SmartSender.Web.Hosting;

/// <summary>The folder that holds the SQLite files, the Hangfire queue and the data-protection keys.</summary>
public static class DataDirectory
{
    public static string Resolve(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var directory = DatabaseProviderSelection.ResolveDataDirectory(options, services.GetRequiredService<IHostEnvironment>().ContentRootPath);
        Directory.CreateDirectory(directory);
        return directory;
    }
}
