using SmartSender.Core.Common;

namespace SmartSender.Core.Contacts;

public static class ContactErrors
{
    public static Error ListNotFound() => new NotFoundError("list_not_found", "No such list in this account.");

    public static Error ContactNotFound() => new NotFoundError("contact_not_found", "No such contact in this account.");

    public static Error ListNameRequired() => new Error("list_name_required", $"Give the list a name of at most {ContactList.NameLength} characters.", "name");

    public static Error ListNameTaken(string name) => new UnprocessableError("list_name_taken", $"There is already a list named \"{name}\".", "name");

    public static Error InvalidEmail(string? email) => new Error("invalid_email", $"\"{email}\" is not an email address.", "email");

    public static Error NoEmailColumn() => new Error("email_column_required", "Choose the column that holds the email addresses.", "email_column");

    public static Error FieldName(string name) => new Error("field_name_invalid",
        $"\"{name}\" cannot be a field name: use a letter, then letters, digits or underscores (at most 40; not email or name).", "fields");

    public static Error FieldType(string name, ContactFieldType type) => new UnprocessableError("field_type_mismatch",
        $"The field {name} holds {type.ToString().ToLowerInvariant()} values already; map the column as {type.ToString().ToLowerInvariant()} or to another field.", "fields");

    public static Error FieldTwice(string name) => new Error("field_mapped_twice", $"Two columns are mapped to the field {name}.", "fields");

    public static Error UnknownField(string name) => new UnprocessableError("field_unknown", $"There is no field named {name}; fields come with an import or from the Contacts page.", "fields");

    public static Error FieldValue(string problem) => new Error("field_value_invalid", problem, "fields");

    public static Error NotCsv(string why) => new Error("csv_unreadable", $"The file cannot be read as CSV: {why}", "file");

    public static Error TopicNotFound() => new NotFoundError("topic_not_found", "No such topic in this account.");

    public static Error TopicNameRequired() => new Error("topic_name_required", $"Give the topic a name of at most {Topic.NameLength} characters.", "name");

    public static Error TopicDescriptionTooLong() => new Error("topic_description_too_long", $"A topic's description has at most {Topic.DescriptionLength} characters.", "description");

    public static Error TopicNameTaken(string name) => new UnprocessableError("topic_name_taken", $"There is already a topic named \"{name}\".", "name");

    public static Error FieldTypeUnknown() => new Error("field_type_unknown", "type must be text, number, date or boolean.", "type");

    public static Error FieldExists(string name) => new UnprocessableError("field_exists", $"The account has a field named {name} already.", "name");
}
