using Microsoft.Extensions.DependencyInjection;

namespace SmartSender.Core.Contacts;

/// <summary>Contacts, topics, segments and imports.</summary>
public static class ContactsRegistration
{
    public static IServiceCollection AddContacts(this IServiceCollection services)
    {
        services.AddSingleton<ContactBook>();
        services.AddSingleton<TopicBook>();
        services.AddSingleton<Segments.SegmentBook>();
        services.AddSingleton<Import.ContactImport>();
        return services;
    }
}
