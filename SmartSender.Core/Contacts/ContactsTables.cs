using Microsoft.EntityFrameworkCore;
using SmartSender.Core.Persistence;

namespace SmartSender.Core.Contacts;

/// <summary>
/// Contacts's tables on the one context (<c>db.Contacts</c>, <c>db.ContactLists</c>, <c>db.ListMemberships</c>, <c>db.ContactFields</c>, <c>db.Topics</c>, <c>db.TopicSubscriptions</c>, <c>db.Segments</c>): declared here, beside their entities, so that the context in
/// Persistence names no feature. Inside a query's lambda (an expression tree) write <c>db.Set&lt;T&gt;()</c> instead.
/// </summary>
public static class ContactsTables
{
    extension(SmartSenderDbContext db)
    {
        public DbSet<Contact> Contacts => db.Set<Contact>();

        public DbSet<ContactList> ContactLists => db.Set<ContactList>();

        public DbSet<ListMembership> ListMemberships => db.Set<ListMembership>();

        public DbSet<ContactField> ContactFields => db.Set<ContactField>();

        public DbSet<Topic> Topics => db.Set<Topic>();

        public DbSet<TopicSubscription> TopicSubscriptions => db.Set<TopicSubscription>();

        public DbSet<Segments.Segment> Segments => db.Set<Segments.Segment>();
    }
}
