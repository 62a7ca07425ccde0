using Microsoft.Extensions.DependencyInjection;

namespace SmartSender.Core.Templates;

/// <summary>Templates: rendering, the library, its cache, previews.</summary>
public static class TemplatesRegistration
{
    public static IServiceCollection AddTemplates(this IServiceCollection services)
    {
        services.AddSingleton<TemplateRenderer>();
        services.AddScoped<TemplateLibrary>();
        services.AddSingleton<TemplateCache>();
        return services;
    }
}
