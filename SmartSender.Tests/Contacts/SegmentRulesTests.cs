using System.Text.Json.Nodes;
using SmartSender.Core.Contacts;
using SmartSender.Core.Contacts.Segments;

namespace SmartSender.Tests.Contacts;

/// <summary>Segment conditions by the type of their field, each against contacts that meet it and contacts that do not.</summary>
public class SegmentRulesTests
{
    private static readonly DateTime Now = new(2026, 12, 7, 12, 0, 0, DateTimeKind.Utc);
    private static readonly Guid News = Guid.Parse("11111111-1111-1111-1111-111111111111");
    private static readonly Guid Offers = Guid.Parse("22222222-2222-2222-2222-222222222222");

    private static readonly Dictionary<string, ContactFieldType> Fields = new()
    {
        ["plan"] = ContactFieldType.Text, ["orders"] = ContactFieldType.Number, ["birthday"] = ContactFieldType.Date, ["vip"] = ContactFieldType.Boolean,
    };

    // ann: everything set; bob: fewer fields, another list; cy: no fields at all, added long ago.
    private static readonly Dictionary<string, SegmentContact> People = new()
    {
        ["ann"] = new("ann@shop.test", "Ann Lee", Now.AddDays(-2),
            new JsonObject { ["plan"] = "Pro", ["orders"] = 12, ["birthday"] = "1990-04-01", ["vip"] = true }, new HashSet<Guid> { News }, new HashSet<Guid> { Offers }),
        ["bob"] = new("bob@example.com", null, Now.AddDays(-40), new JsonObject { ["plan"] = "free", ["orders"] = 2.5, ["vip"] = false }, new HashSet<Guid> { Offers }, new HashSet<Guid>()),
        ["cy"] = new("cy@example.com", "Cy", new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), [], new HashSet<Guid>(), new HashSet<Guid>()),
    };

    [Theory]
    [InlineData("plan", "equals", "pro", "ann")]
    [InlineData("plan", "not_equals", "pro", "bob cy")]
    [InlineData("name", "contains", "lee", "ann")]
    [InlineData("name", "not_contains", "lee", "bob cy")]
    [InlineData("email", "starts_with", "BOB@", "bob")]
    [InlineData("email", "ends_with", "@example.com", "bob cy")]
    [InlineData("name", "is_set", null, "ann cy")]
    [InlineData("plan", "is_not_set", null, "cy")]
    [InlineData("orders", "gt", "2.5", "ann")]
    [InlineData("orders", "gte", "2.5", "ann bob")]
    [InlineData("orders", "lt", "12", "bob")]
    [InlineData("orders", "lte", "12", "ann bob")]
    [InlineData("orders", "equals", "12", "ann")]
    [InlineData("orders", "not_equals", "12", "bob cy")]
    [InlineData("birthday", "on", "1990-04-01", "ann")]
    [InlineData("birthday", "before", "1990-04-02", "ann")]
    [InlineData("birthday", "after", "1990-04-01", "")]
    [InlineData("created_at", "in_last_days", "30", "ann")]
    [InlineData("created_at", "before", "2021-01-01", "cy")]
    [InlineData("vip", "is_true", null, "ann")]
    [InlineData("vip", "is_false", null, "bob")]
    [InlineData("vip", "is_not_set", null, "cy")]
    [InlineData("list:11111111-1111-1111-1111-111111111111", "subscribed", null, "ann")]
    [InlineData("list:11111111-1111-1111-1111-111111111111", "not_subscribed", null, "bob cy")]
    [InlineData("topic:22222222-2222-2222-2222-222222222222", "subscribed", null, "ann")]
    public void ACondition_SelectsTheContactsThatMeetIt(string field, string op, string? value, string expected)
    {
        var test = Compile(SegmentMatch.All, new SegmentCondition(field, op, value));

        Assert.Equal(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries), People.Where(p => test.Matches(p.Value)).Select(p => p.Key).Order());
    }

    [Fact]
    public void All_NeedsEveryCondition_Any_NeedsOne_AndNoConditionSelectsEveryone()
    {
        SegmentCondition[] conditions = [new("plan", "equals", "free"), new("email", "ends_with", "@example.com")];

        Assert.Equal(["bob"], People.Where(p => Compile(SegmentMatch.All, conditions).Matches(p.Value)).Select(p => p.Key));
        Assert.Equal(["bob", "cy"], People.Where(p => Compile(SegmentMatch.Any, conditions).Matches(p.Value)).Select(p => p.Key).Order());
        Assert.Equal(3, People.Count(p => Compile(SegmentMatch.Any).Matches(p.Value)));
    }

    [Fact]
    public void TheListsAndTopicsAConditionNames_AreReportedSoTheirSubscriptionsAreRead()
    {
        var test = Compile(SegmentMatch.Any, new SegmentCondition($"list:{News}", "subscribed"), new SegmentCondition($"topic:{Offers}", "not_subscribed"));

        Assert.Equal([News], test.Lists);
        Assert.Equal([Offers], test.Topics);
    }

    [Theory]
    [InlineData("shoe_size", "equals", "9", "segment_condition_invalid", "there is no field \"shoe_size\"")]
    [InlineData("orders", "contains", "1", "segment_condition_invalid", "\"contains\" is not an operator for orders, a number field")]
    [InlineData("orders", "gt", "many", "segment_condition_invalid", "\"many\" is not a number")]
    [InlineData("birthday", "on", "01/04/1990", "segment_condition_invalid", "is not a date (yyyy-MM-dd)")]
    [InlineData("created_at", "in_last_days", "0", "segment_condition_invalid", "is not a number of days")]
    [InlineData("plan", "equals", " ", "segment_condition_invalid", "\"equals\" needs a value")]
    [InlineData("list:33333333-3333-3333-3333-333333333333", "subscribed", null, "segment_condition_invalid", "the account has no list")]
    [InlineData("topic:nonsense", "subscribed", null, "segment_condition_invalid", "the account has no topic")]
    public void ABadCondition_IsRefused_SayingWhichAndWhy(string field, string op, string? value, string code, string why)
    {
        var compiled = SegmentRules.Compile(SegmentMatch.All, [new("email", "is_set"), new(field, op, value)], Fields, new HashSet<Guid> { News, Offers }, new HashSet<Guid> { Offers }, Now);

        var error = Assert.Single(compiled.Errors);
        Assert.Equal((code, "conditions[1]"), (error.Code, error.Field));
        Assert.StartsWith("Condition 2: ", error.Message);
        Assert.Contains(why, error.Message);
    }

    [Fact]
    public void MoreConditionsThanASegmentMayHave_AreRefused()
    {
        var compiled = SegmentRules.Compile(SegmentMatch.All, [.. Enumerable.Repeat(new SegmentCondition("email", "is_set"), Segment.MaxConditions + 1)], Fields,
            new HashSet<Guid>(), new HashSet<Guid>(), Now);

        Assert.Equal("segment_conditions_too_many", Assert.Single(compiled.Errors).Code);
    }

    private static SegmentTest Compile(SegmentMatch match, params SegmentCondition[] conditions)
    {
        var compiled = SegmentRules.Compile(match, conditions, Fields, new HashSet<Guid> { News, Offers }, new HashSet<Guid> { Offers }, Now);
        Assert.True(compiled.Succeeded, string.Join("; ", compiled.Errors.Select(e => e.Message)));
        return compiled.Value!;
    }
}
