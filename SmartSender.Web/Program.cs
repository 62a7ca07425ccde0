using SmartSender.Core;
using SmartSender.Web.Hosting;

var builder = WebApplication.CreateBuilder(OperatorCommands.HostArguments(args));
builder.Configuration.AddOperatorSettings();
builder.ListenOnDefaultUrlUnlessConfigured();
builder.AddSmartSenderCore();
builder.AddSmartSenderWeb();
builder.KeepStandardOutputForCommands(args);

var app = builder.Build();
try
{
    if (OperatorCommands.RunsBeforeDatabase(args))
    {
        return await app.RunOperatorCommandAsync(args);
    }

    await app.InitializeDatabaseAsync();

    if (OperatorCommands.IsCommand(args))
    {
        return await app.RunOperatorCommandAsync(args);
    }

    app.UseSmartSender();
    app.AnnounceUrlsOnStart();
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ConfigurationErrors.Of(ex) is { Count: > 0 } failures)
{
    return ConfigurationErrors.Report(failures);
}

/// <summary>The web app's entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
